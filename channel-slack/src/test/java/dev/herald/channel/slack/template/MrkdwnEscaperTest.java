package dev.herald.channel.slack.template;

import io.quarkus.qute.Engine;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.Variant;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class MrkdwnEscaperTest {

    /** A standalone engine with what Quarkus's engine has for these templates, including {@code .raw}. */
    private final Engine engine = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
            .addValueResolver(ValueResolvers.rawResolver()).addResultMapper(new MrkdwnEscaper()).build();

    @Test
    void escapesTheThreeCharactersSlackAsksFor() {
        assertEquals("&lt;!channel&gt; &amp; &lt;https://x.example|y&gt;",
                MrkdwnEscaper.escape("<!channel> & <https://x.example|y>"));
    }

    @Test
    void leavesQuotesFormattingAndAlreadyEscapedLookingTextAsTheyAre() {
        assertEquals("\"*bold*\" it's _fine_ `code`", MrkdwnEscaper.escape("\"*bold*\" it's _fine_ `code`"));
        assertEquals("&amp;amp;", MrkdwnEscaper.escape("&amp;"));
    }

    @Test
    void returnsTheSameStringWhenThereIsNothingToEscape() {
        String plain = "Tea for two";

        assertSame(plain, MrkdwnEscaper.escape(plain));
        assertEquals("", MrkdwnEscaper.escape(null));
    }

    @Test
    void escapesTheValuesASlackTemplateOutputsButNotItsOwnMarkup() {
        String rendered = engine.parse("<!here> *{data.name}* {data.count} {data.link.raw}", Variant.forContentType(
                Variant.TEXT_PLAIN), "slack/test.txt")
                .data("data", Map.of("name", "<b> & co", "count", 3, "link", "<https://x.example|ok>"))
                .render();

        assertEquals("<!here> *&lt;b&gt; &amp; co* 3 <https://x.example|ok>", rendered);
    }

    @Test
    void leavesTheTemplatesOfOtherChannelsAlone() {
        String rendered = engine.parse("{name}", Variant.forContentType(Variant.TEXT_PLAIN), "email/test.txt")
                .data("name", "<b> & co")
                .render();

        assertEquals("<b> & co", rendered);
    }
}
