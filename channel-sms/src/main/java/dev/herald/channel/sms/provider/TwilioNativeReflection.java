package dev.herald.channel.sms.provider;

import com.twilio.converter.CurrencyDeserializer;
import com.twilio.exception.RestException;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Twilio classes Jackson builds by reflection when reading a Messages answer, kept for a native image
 * (the SDK ships no native-image metadata). Not exercised here: native builds are not run on these machines.
 */
@RegisterForReflection(targets = {
        Message.class, Message.Status.class, Message.Direction.class, Message.AddressRetention.class,
        Message.ContentRetention.class, Message.RiskCheck.class, Message.ScheduleType.class, Message.TrafficType.class,
        Message.UpdateStatus.class, PhoneNumber.class, CurrencyDeserializer.class, RestException.class})
final class TwilioNativeReflection {

    private TwilioNativeReflection() {
    }
}
