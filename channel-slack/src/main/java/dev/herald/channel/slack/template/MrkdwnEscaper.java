package dev.herald.channel.slack.template;

import io.quarkus.qute.EngineBuilder;
import io.quarkus.qute.Expression;
import io.quarkus.qute.RawString;
import io.quarkus.qute.ResultMapper;
import io.quarkus.qute.Results;
import io.quarkus.qute.TemplateNode;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Escapes every value that a Slack template outputs for Slack's mrkdwn: {@code &}, {@code <} and {@code >} become
 * {@code &amp;}, {@code &lt;} and {@code &gt;}, the only three characters Slack asks to escape. Without it, event data
 * such as {@code <!channel>} or {@code <https://evil.example|your bank>} would ping a whole channel or show a
 * disguised link.
 *
 * <p>Qute's own escaping is HTML escaping by content type and would also turn quotes into entities that Slack shows
 * literally, and {@code .txt} templates are not escaped at all; so this result mapper applies to the output
 * expressions of the templates under {@code templates/slack/} only. The template text itself is not touched, so
 * templates may use Slack syntax such as {@code <!here>} or {@code *bold*} on purpose; a value that is already
 * mrkdwn is written {@code {value.raw}}.
 */
@Singleton
public class MrkdwnEscaper implements ResultMapper {

    /** Template ids of the Slack channel's templates start with this (the path below {@code templates/}). */
    static final String TEMPLATE_FOLDER = "slack/";

    /** Text made literal in mrkdwn: {@code &}, {@code <} and {@code >} replaced by their entities. */
    public static String escape(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            String replacement = switch (text.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                default -> null;
            };
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escaped != null) {
                if (replacement != null) {
                    escaped.append(replacement);
                } else {
                    escaped.append(text.charAt(i));
                }
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    /** Registers this mapper with the Qute engine that channel-core renders with. */
    void register(@Observes EngineBuilder builder) {
        builder.addResultMapper(this);
    }

    @Override
    public int getPriority() {
        // Ahead of Qute's own mappers; none of them escapes .txt output, so nothing is escaped twice.
        return DEFAULT_PRIORITY + 10;
    }

    @Override
    public boolean appliesTo(TemplateNode.Origin origin, Object result) {
        return !(result instanceof RawString) && !Results.isNotFound(result)
                && origin.getTemplateId() != null && origin.getTemplateId().startsWith(TEMPLATE_FOLDER);
    }

    @Override
    public String map(Object result, Expression expression) {
        return escape(result.toString());
    }
}
