package com.genpicz.common.kafka;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.operations.ReadinessCheck;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Ready while a broker of the cluster answers a metadata request within a second and a half. */
public final class KafkaReadiness implements ReadinessCheck, AutoCloseable {

    private static final int TIMEOUT_MS = 1_500;

    private final Admin admin;

    public KafkaReadiness(KafkaConfig config) {
        this.admin = KafkaClients.admin(config);
    }

    @Override
    public void verify() throws Exception {
        int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                .get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS).size();
        if (brokers == 0) {
            throw new IllegalStateException("the cluster reports no brokers");
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(1));
    }
}
