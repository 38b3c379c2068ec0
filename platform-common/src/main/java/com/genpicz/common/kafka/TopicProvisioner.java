package com.genpicz.common.kafka;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the catalog's topics that do not exist yet, with the catalog's partitions, retention and size limit. */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(30);

    private TopicProvisioner() {
    }

    public static void ensureTopics(KafkaConfig config, List<TopicSpec> topics) {
        try (Admin admin = KafkaClients.admin(config)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> toNewTopic(topic, (short) config.replicationFactor()))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).values().forEach((name, future) -> awaitCreated(name, future));
            awaitKnownToBrokers(admin, missing.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics at " + config.bootstrapServers(), e.getCause());
        }
    }

    private static void awaitCreated(String name, org.apache.kafka.common.KafkaFuture<Void> future) {
        try {
            future.get();
            log.info("event=topic_created topic={}", name);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + name, e);
        }
    }

    /**
     * Creation completes once the controller has the topics; brokers learn about them a moment later, and a producer
     * that sends in between fails with "not present in metadata". Returning only when every partition has a leader
     * makes "ensured" mean "usable".
     */
    private static void awaitKnownToBrokers(Admin admin, List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + VISIBILITY_TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
                if (described.values().stream().allMatch(TopicProvisioner::everyPartitionHasALeader)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topics " + names, e.getCause());
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("topics " + names + " created but not served by the brokers after "
                        + VISIBILITY_TIMEOUT.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static boolean everyPartitionHasALeader(TopicDescription topic) {
        return topic.partitions().stream().allMatch(partition -> partition.leader() != null);
    }

    private static NewTopic toNewTopic(TopicSpec topic, short replicationFactor) {
        Map<String, String> configs = new java.util.HashMap<>(Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(topic.maxMessageBytes()),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, replicationFactor))));
        if (topic.cleanup() == TopicSpec.Cleanup.COMPACT) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        } else {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retention().toMillis()));
        }
        return new NewTopic(topic.name(), topic.partitions(), replicationFactor).configs(configs);
    }
}
