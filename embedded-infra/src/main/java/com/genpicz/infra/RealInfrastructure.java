package com.genpicz.infra;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests real servers: one Kafka broker, one PostgreSQL server and one S3 server per test
 * JVM, each started on first use and stopped when the test run ends (they live in the root extension store).
 * Test classes get isolation through fresh databases and unique names from {@link TestInfrastructure}.
 *
 * <p>With the environment variable {@code GENPICZ_TEST_INFRA=testcontainers} the servers are Docker containers
 * (Kafka, PostgreSQL, MinIO) instead; without a reachable Docker engine that fails at once, never falling back.
 *
 * <p>Use {@code @ExtendWith(RealInfrastructure.class)} and declare a {@link TestInfrastructure} parameter on the
 * constructor, a {@code @BeforeAll}/{@code @BeforeEach} method or a test method.
 */
public final class RealInfrastructure implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealInfrastructure.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestInfrastructure.class;
    }

    @Override
    public TestInfrastructure resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        TestServers servers = extensionContext.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(TestServers.class, key -> TestServers.forThisJvm(), TestServers.class);
        String owner = extensionContext.getTestClass().map(Class::getSimpleName).orElse("test");
        return new ServersForTests(servers, owner);
    }
}
