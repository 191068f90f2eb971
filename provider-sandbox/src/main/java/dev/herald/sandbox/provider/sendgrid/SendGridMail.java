package dev.herald.sandbox.provider.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A v3 mail send body, checked the way SendGrid checks it: every problem is reported at once, in SendGrid's
 * messages and field paths.
 *
 * @param plain the text/plain content, or null
 * @param html  the text/html content, or null
 */
record SendGridMail(String from, List<Recipient> recipients, String plain, String html, boolean sandboxMode) {

    static final int MAX_RECIPIENTS = 1000;

    /** One address of a personalization's {@code to}, with what its personalization overrides merged in. */
    record Recipient(String email, String subject, Map<String, String> headers, Map<String, String> customArgs) {
    }

    /** The outcome of reading a body: the mail, or SendGrid's errors. */
    sealed interface Parsed permits Valid, Invalid {
    }

    record Valid(SendGridMail mail) implements Parsed {
    }

    record Invalid(List<SendGridError> errors) implements Parsed {
    }

    // Lenient like SendGrid: one @, no blanks, and a dotted domain.
    private static final Pattern ADDRESS = Pattern.compile(
            "[^\\s@<>()\\[\\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

    static Parsed parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            return new Invalid(List.of(SendGridError.plain("Bad Request")));
        }
        List<SendGridError> errors = new ArrayList<>();
        boolean templated = text(body, "template_id") != null;

        String from = from(body.get("from"), errors);

        String subject = text(body, "subject");
        Map<String, String> headers = strings(body.get("headers"), "headers", errors);
        Map<String, String> customArgs = strings(body.get("custom_args"), "custom_args", errors);
        List<Recipient> recipients = new ArrayList<>();
        JsonNode personalizations = body.get("personalizations");
        int recipientCount = 0;
        if (personalizations == null || !personalizations.isArray() || personalizations.isEmpty()) {
            errors.add(SendGridError.of("The personalizations field is required and must have at least one "
                    + "personalization.", "personalizations", "-Personalizations-Errors"));
        } else {
            boolean everyOneHasSubject = true;
            for (int i = 0; i < personalizations.size(); i++) {
                JsonNode personalization = personalizations.get(i);
                String path = "personalizations." + i;
                String ownSubject = text(personalization, "subject");
                everyOneHasSubject &= ownSubject != null;
                Map<String, String> ownHeaders = merge(headers,
                        strings(personalization.get("headers"), path + ".headers", errors));
                Map<String, String> ownArgs = merge(customArgs,
                        strings(personalization.get("custom_args"), path + ".custom_args", errors));
                JsonNode to = personalization.get("to");
                if (to == null || !to.isArray() || to.isEmpty()) {
                    errors.add(SendGridError.of("The to array is required for all personalization objects, and "
                            + "must have at least one email object with a valid email address.", path + ".to",
                            "message.personalizations.to"));
                    continue;
                }
                for (int j = 0; j < to.size(); j++) {
                    String email = text(to.get(j), "email");
                    if (email == null || !ADDRESS.matcher(email).matches() || MagicAddresses.isRejected(email)) {
                        errors.add(SendGridError.of("Does not contain a valid address.", path + ".to." + j + ".email",
                                "message.personalizations.to"));
                    } else {
                        recipients.add(new Recipient(email, ownSubject != null ? ownSubject : subject, ownHeaders,
                                ownArgs));
                    }
                }
                recipientCount += to.size() + size(personalization.get("cc")) + size(personalization.get("bcc"));
            }
            if (recipientCount > MAX_RECIPIENTS) {
                errors.add(SendGridError.of("The total number of recipients must be less than 1000. This includes "
                        + "all recipients defined within the to, cc, and bcc parameters, across each object that "
                        + "you include in the personalizations array.", "personalizations",
                        "message.personalizations"));
            }
            if (subject == null && !everyOneHasSubject && !templated) {
                errors.add(SendGridError.of("The subject is required. You can get around this requirement if you "
                        + "use a template with a subject defined or if every personalization has a subject defined.",
                        "subject", "message.subject"));
            }
        }

        String plain = null;
        String html = null;
        JsonNode content = body.get("content");
        if (content == null || !content.isArray() || content.isEmpty()) {
            if (!templated) {
                errors.add(SendGridError.of("Unless a valid template_id is provided, the content parameter is "
                        + "required. There must be at least one defined content block. We typically suggest both "
                        + "text/plain and text/html blocks are included, but only one block is required.", "content",
                        "message.content"));
            }
        } else {
            for (int k = 0; k < content.size(); k++) {
                JsonNode block = content.get(k);
                String type = text(block, "type");
                String value = block.path("value").isTextual() ? block.get("value").asText() : null;
                if (type == null) {
                    errors.add(SendGridError.of("The content type must be provided for every content block.",
                            "content." + k + ".type", "message.content.type"));
                } else if (value == null || value.isEmpty()) {
                    errors.add(SendGridError.of("The content value must be a string at least one character in "
                            + "length.", "content." + k + ".value", "message.content.value"));
                } else if (type.equalsIgnoreCase("text/plain")) {
                    if (k != 0) {
                        errors.add(SendGridError.of("If present, text/plain content must be first, followed by "
                                + "text/html, followed by any other content.", "content." + k + ".type",
                                "message.content.type"));
                    }
                    plain = value;
                } else if (type.equalsIgnoreCase("text/html")) {
                    html = value;
                }
            }
        }

        if (!errors.isEmpty()) {
            return new Invalid(errors);
        }
        boolean sandboxMode = body.path("mail_settings").path("sandbox_mode").path("enable").asBoolean(false);
        return new Valid(new SendGridMail(from, recipients, plain, html, sandboxMode));
    }

    private static String from(JsonNode from, List<SendGridError> errors) {
        String email = text(from, "email");
        if (email == null) {
            errors.add(SendGridError.of("The from object must be provided for every email send. It is an object "
                    + "that requires the email parameter, but may also contain a name parameter.", "from",
                    "message.from"));
            return null;
        }
        if (!ADDRESS.matcher(email).matches()) {
            errors.add(SendGridError.of("The from email does not contain a valid address.", "from.email",
                    "message.from"));
        }
        return email;
    }

    /** A non-blank text field of an object, or null. */
    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static Map<String, String> strings(JsonNode node, String path, List<SendGridError> errors) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            errors.add(SendGridError.of("Invalid type. Expected: object, given: " + node.getNodeType()
                    .name().toLowerCase(Locale.ROOT) + ".", path, null));
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.properties().forEach(entry -> {
            if (entry.getValue().isTextual()) {
                values.put(entry.getKey(), entry.getValue().asText());
            } else {
                errors.add(SendGridError.of("Invalid type. Expected: string, given: " + entry.getValue().getNodeType()
                        .name().toLowerCase(Locale.ROOT) + ".", path + "." + entry.getKey(), null));
            }
        });
        return values;
    }

    private static Map<String, String> merge(Map<String, String> base, Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return base;
        }
        Map<String, String> merged = new LinkedHashMap<>(base);
        merged.putAll(overrides);
        return merged;
    }

    private static int size(JsonNode array) {
        return array != null && array.isArray() ? array.size() : 0;
    }
}
