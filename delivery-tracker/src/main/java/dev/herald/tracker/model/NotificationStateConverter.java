package dev.herald.tracker.model;

import dev.herald.common.contract.NotificationState;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link NotificationState} by its wire name, as the write path does. */
@Converter(autoApply = true)
public class NotificationStateConverter implements AttributeConverter<NotificationState, String> {

    @Override
    public String convertToDatabaseColumn(NotificationState state) {
        return state == null ? null : state.wireName();
    }

    @Override
    public NotificationState convertToEntityAttribute(String value) {
        return value == null ? null : NotificationState.fromWire(value);
    }
}
