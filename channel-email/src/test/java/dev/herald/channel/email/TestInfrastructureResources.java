package dev.herald.channel.email;

import dev.herald.test.PostgresDatabaseResource;
import dev.herald.test.RabbitVhostResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The test infrastructure of every @QuarkusTest of this module: a private RabbitMQ vhost, a PostgreSQL database (the
 * send ledger) and a WireMock SendGrid.
 */
@QuarkusTestResource(value = RabbitVhostResource.class,
        initArgs = @ResourceArg(name = "vhost", value = "herald-test-channel-email"))
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "herald_test_channel_email"))
@QuarkusTestResource(WireMockSendGrid.class)
public class TestInfrastructureResources {
}
