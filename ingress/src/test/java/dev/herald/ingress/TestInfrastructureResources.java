package dev.herald.ingress;

import dev.herald.test.PostgresDatabaseResource;
import dev.herald.test.RabbitVhostResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** A private RabbitMQ vhost and database for this module's tests. */
@QuarkusTestResource(value = RabbitVhostResource.class, initArgs = @ResourceArg(name = "vhost", value = "herald-test-ingress"))
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "herald_test_ingress"))
public class TestInfrastructureResources {
}
