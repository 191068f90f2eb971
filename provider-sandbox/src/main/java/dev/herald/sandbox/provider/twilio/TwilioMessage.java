package dev.herald.sandbox.provider.twilio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Twilio's Message resource as {@code POST .../Messages.json} returns it; unknown values are null, as Twilio sends them. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record TwilioMessage(String accountSid, String apiVersion, String body, String dateCreated, String dateSent,
        String dateUpdated, String direction, Integer errorCode, String errorMessage, String from,
        String messagingServiceSid, String numMedia, String numSegments, String price, String priceUnit, String sid,
        String status, Map<String, String> subresourceUris, String to, String uri) {

    /** Twilio writes dates in RFC 2822 form, always in UTC. */
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);

    static TwilioMessage queued(String accountSid, String sid, String to, String from, String messagingServiceSid,
            String body, ZonedDateTime created) {
        String date = RFC_2822.format(created.withZoneSameInstant(ZoneOffset.UTC));
        String uri = "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid;
        return new TwilioMessage(accountSid, "2010-04-01", body, date, null, date, "outbound-api", null, null, from,
                messagingServiceSid, "0", Integer.toString(SmsSegments.count(body)), null, "USD", sid, "queued",
                Map.of("media", uri + "/Media.json"), to, uri + ".json");
    }
}
