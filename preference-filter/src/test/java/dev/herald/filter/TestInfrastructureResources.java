package dev.herald.filter;

import dev.herald.test.PostgresDatabaseResource;
import dev.herald.test.RabbitVhostResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** This module's own RabbitMQ vhost and PostgreSQL database, recreated empty for every test run. */
@QuarkusTestResource(value = RabbitVhostResource.class,
        initArgs = @ResourceArg(name = "vhost", value = "herald-test-preference-filter"))
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "herald_test_preference_filter"))
public class TestInfrastructureResources {
}
