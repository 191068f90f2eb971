package dev.herald.channel.sms;

import dev.herald.test.PostgresDatabaseResource;
import dev.herald.test.RabbitVhostResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The test infrastructure of every @QuarkusTest of this module: a private RabbitMQ vhost, a PostgreSQL database (the
 * send ledger) and a WireMock Twilio.
 */
@QuarkusTestResource(value = RabbitVhostResource.class,
        initArgs = @ResourceArg(name = "vhost", value = "herald-test-channel-sms"))
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "herald_test_channel_sms"))
@QuarkusTestResource(WireMockTwilio.class)
public class TestInfrastructureResources {
}
