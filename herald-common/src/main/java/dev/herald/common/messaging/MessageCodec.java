package dev.herald.common.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes an incoming message payload, whatever form the RabbitMQ connector handed it in, into a contract record
 * with the application's ObjectMapper (so {@code Instant}s and enums read as they were written).
 */
@ApplicationScoped
public class MessageCodec {

    private final ObjectMapper json;

    MessageCodec(ObjectMapper json) {
        this.json = json;
    }

    /** @throws PoisonMessageException when the payload is not a valid message of that type */
    public <T> T decode(Object payload, Class<T> type) {
        try {
            byte[] bytes = switch (payload) {
                case byte[] raw -> raw;
                case Buffer buffer -> buffer.getBytes();
                case io.vertx.mutiny.core.buffer.Buffer buffer -> buffer.getBytes();
                case JsonObject object -> object.toBuffer().getBytes();
                case JsonArray array -> array.toBuffer().getBytes();
                case String text -> text.getBytes(StandardCharsets.UTF_8);
                default -> throw new PoisonMessageException("unsupported payload type " + payload.getClass().getName());
            };
            return json.readValue(bytes, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new PoisonMessageException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** A message that can never be processed, however often it is redelivered: dead-letter it at once. */
    public static class PoisonMessageException extends RuntimeException {
        public PoisonMessageException(String message) {
            super(message);
        }

        public PoisonMessageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
