package dev.herald.tracker;

import dev.herald.test.PostgresDatabaseResource;
import dev.herald.test.RabbitVhostResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The module's own RabbitMQ vhost and PostgreSQL database, and the SendGrid webhook key pair, for every test of the
 * module.
 */
@QuarkusTestResource(value = RabbitVhostResource.class,
        initArgs = @ResourceArg(name = "vhost", value = "herald-test-delivery-tracker"))
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "herald_test_delivery_tracker"))
@QuarkusTestResource(SendGridTestKeys.class)
public class TestInfrastructureResources {
}
