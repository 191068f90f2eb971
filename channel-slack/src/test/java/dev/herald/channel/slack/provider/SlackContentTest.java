package dev.herald.channel.slack.provider;

import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlackContentTest {

    @Test
    void showsTheTextInASectionAndTheEscapedEventTypeInAContextBlock() {
        List<LayoutBlock> blocks = new SlackContent("*Hi* there", "a<b").blocks();

        assertEquals(2, blocks.size());
        SectionBlock section = assertInstanceOf(SectionBlock.class, blocks.get(0));
        assertEquals("*Hi* there", assertInstanceOf(MarkdownTextObject.class, section.getText()).getText());
        ContextBlock context = assertInstanceOf(ContextBlock.class, blocks.get(1));
        assertEquals("a&lt;b", assertInstanceOf(MarkdownTextObject.class, context.getElements().getFirst()).getText());
    }

    @Test
    void leavesOutTheContextBlockWithoutAnEventType() {
        assertEquals(1, new SlackContent("text", null).blocks().size());
    }

    @Test
    void splitsLongTextIntoSectionsAtLineBreaks() {
        String line = "x".repeat(1400);
        String text = line + "\n" + line + "\n" + line;

        List<String> sections = SlackContent.sections(text, SlackContent.MAX_SECTION_CHARS);

        assertEquals(List.of(line + "\n" + line, line), sections);
    }

    @Test
    void splitsAtSpacesWhenALineIsTooLong() {
        assertEquals(List.of("aaaa bbbb", "cccc"), SlackContent.sections("aaaa bbbb cccc", 10));
    }

    @Test
    void neverCutsAnEntityOrASurrogatePairInTwo() {
        List<String> entity = SlackContent.sections("abcdefg&amp;hij", 10);
        List<String> emoji = SlackContent.sections("abcdefghi\uD83D\uDCE6xyz", 10);

        assertEquals(List.of("abcdefg", "&amp;hij"), entity);
        assertEquals(List.of("abcdefghi", "\uD83D\uDCE6xyz"), emoji);
        assertTrue(SlackContent.sections("y".repeat(25), 10).stream().allMatch(section -> section.length() <= 10));
    }
}
