package dev.herald.tracker.model;

import dev.herald.common.contract.Channel;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link Channel} by its wire name, as the write path does. */
@Converter(autoApply = true)
public class ChannelConverter implements AttributeConverter<Channel, String> {

    @Override
    public String convertToDatabaseColumn(Channel channel) {
        return channel == null ? null : channel.wireName();
    }

    @Override
    public Channel convertToEntityAttribute(String value) {
        return value == null ? null : Channel.fromWire(value);
    }
}
