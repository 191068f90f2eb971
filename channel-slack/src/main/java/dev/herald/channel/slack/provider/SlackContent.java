package dev.herald.channel.slack.provider;

import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import dev.herald.channel.core.provider.RenderedNotification;
import dev.herald.channel.core.provider.TemplateLayout;
import dev.herald.channel.slack.template.MrkdwnEscaper;

import java.util.ArrayList;
import java.util.List;

/**
 * A Slack message: mrkdwn text rendered from {@code templates/slack/<set>.txt}, shown as Block Kit sections with a
 * context line naming the event type, and sent again as the top-level {@code text} that Slack uses for
 * notifications, previews and clients without blocks.
 *
 * @param text      the rendered mrkdwn, event data already escaped by {@link MrkdwnEscaper}
 * @param eventType the dispatch's event type, or null
 */
public record SlackContent(String text, String eventType) {

    public static final TemplateLayout LAYOUT = TemplateLayout.of(new TemplateLayout.Part("text", "txt"));

    /** Slack's limit for the text of one section block. */
    static final int MAX_SECTION_CHARS = 3000;

    /** The message of a notification rendered with {@link #LAYOUT}; surrounding blank lines are dropped. */
    public static SlackContent of(RenderedNotification notification) {
        return new SlackContent(notification.part("text").strip(), notification.dispatch().type());
    }

    public boolean isBlank() {
        return text.isBlank();
    }

    /** One section per up to 3000 characters of text (split at line breaks or spaces), then the context block. */
    public List<LayoutBlock> blocks() {
        List<LayoutBlock> blocks = new ArrayList<>();
        for (String chunk : sections(text, MAX_SECTION_CHARS)) {
            blocks.add(SectionBlock.builder().text(MarkdownTextObject.builder().text(chunk).build()).build());
        }
        if (eventType != null && !eventType.isBlank()) {
            blocks.add(ContextBlock.builder()
                    .elements(List.of(MarkdownTextObject.builder().text(MrkdwnEscaper.escape(eventType)).build()))
                    .build());
        }
        return blocks;
    }

    /**
     * The text cut into pieces of at most {@code max} characters, preferably after a line break, else after a space,
     * else before an entity or surrogate pair it would split.
     */
    static List<String> sections(String text, int max) {
        List<String> sections = new ArrayList<>();
        String rest = text;
        while (rest.length() > max) {
            int cut = rest.lastIndexOf('\n', max - 1) + 1;
            if (cut <= 0) {
                cut = rest.lastIndexOf(' ', max - 1) + 1;
            }
            if (cut <= 0) {
                cut = hardCut(rest, max);
            }
            String section = rest.substring(0, cut).stripTrailing();
            if (!section.isEmpty()) {
                sections.add(section);
            }
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) {
            sections.add(rest);
        }
        return sections;
    }

    private static int hardCut(String text, int max) {
        int cut = max;
        if (Character.isLowSurrogate(text.charAt(cut))) {
            cut--;
        }
        int ampersand = text.lastIndexOf('&', cut - 1);
        if (ampersand > 0 && cut - ampersand < "&amp;".length() && text.indexOf(';', ampersand) >= cut) {
            cut = ampersand;
        }
        return cut;
    }
}
