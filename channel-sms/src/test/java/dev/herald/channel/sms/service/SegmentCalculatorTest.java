package dev.herald.channel.sms.service;

import dev.herald.channel.sms.service.SegmentCalculator.Encoding;
import dev.herald.channel.sms.service.SegmentCalculator.Measurement;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SegmentCalculatorTest {

    @Test
    void knowsTheWholeGsmAlphabet() {
        assertEquals(127, IntStream.rangeClosed(0, Character.MAX_VALUE).filter(c -> GsmAlphabet.septets(c) == 1).count(),
                "the basic table's 128 characters but the escape");
        assertEquals(10, IntStream.rangeClosed(0, Character.MAX_VALUE).filter(c -> GsmAlphabet.septets(c) == 2).count());
        for (String gsm : new String[] {"@", "£", "$", "¥", "è", "Ç", "Δ", "_", "¤", "¡", "§", "¿", "à", "\n", "\r", " "}) {
            assertEquals(1, GsmAlphabet.septets(gsm.codePointAt(0)), gsm);
        }
        for (String extension : new String[] {"€", "[", "]", "{", "}", "\\", "^", "~", "|", "\f"}) {
            assertEquals(2, GsmAlphabet.septets(extension.codePointAt(0)), extension);
        }
        for (String other : new String[] {"`", "ç", "ë", "…", "’", "\t", "😀"}) {
            assertEquals(0, GsmAlphabet.septets(other.codePointAt(0)), other);
        }
    }

    @Test
    void sendsGsmTextOfUpTo160SeptetsAsOneSegmentAndThen153PerSegment() {
        assertEquals(new Measurement(Encoding.GSM_7, 160, 1), SegmentCalculator.measure("a".repeat(160)));
        assertEquals(new Measurement(Encoding.GSM_7, 161, 2), SegmentCalculator.measure("a".repeat(161)));
        assertEquals(new Measurement(Encoding.GSM_7, 306, 2), SegmentCalculator.measure("a".repeat(306)));
        assertEquals(new Measurement(Encoding.GSM_7, 307, 3), SegmentCalculator.measure("a".repeat(307)));
    }

    @Test
    void countsAnEmptyTextAsOneSegment() {
        assertEquals(new Measurement(Encoding.GSM_7, 0, 1), SegmentCalculator.measure(""));
    }

    @Test
    void countsExtensionCharactersAsTwoSeptets() {
        assertEquals(new Measurement(Encoding.GSM_7, 160, 1), SegmentCalculator.measure("€".repeat(80)));
        assertEquals(new Measurement(Encoding.GSM_7, 162, 2), SegmentCalculator.measure("€".repeat(81)));
    }

    @Test
    void startsANewSegmentRatherThanSplitAnEscapeSequence() {
        // 306 septets would fill two segments exactly, but the euro sign cannot straddle the first boundary.
        String text = "a".repeat(152) + "€" + "a".repeat(152);

        assertEquals(new Measurement(Encoding.GSM_7, 306, 3), SegmentCalculator.measure(text));
    }

    @Test
    void sendsAnyTextWithACharacterOutsideTheGsmAlphabetAsUcs2() {
        assertEquals(new Measurement(Encoding.UCS_2, 70, 1), SegmentCalculator.measure("ç" + "a".repeat(69)));
        assertEquals(new Measurement(Encoding.UCS_2, 71, 2), SegmentCalculator.measure("ç" + "a".repeat(70)));
        assertEquals(new Measurement(Encoding.UCS_2, 134, 2), SegmentCalculator.measure("ж".repeat(134)));
        assertEquals(new Measurement(Encoding.UCS_2, 135, 3), SegmentCalculator.measure("ж".repeat(135)));
    }

    @Test
    void countsACharacterBeyondTheBmpAsTwoUnitsAndNeverSplitsItsSurrogatePair() {
        assertEquals(new Measurement(Encoding.UCS_2, 70, 1), SegmentCalculator.measure("😀".repeat(35)));
        // 134 units would fill two segments exactly, but the emoji cannot straddle the first boundary.
        String text = "ж".repeat(66) + "😀" + "ж".repeat(66);

        assertEquals(new Measurement(Encoding.UCS_2, 134, 3), SegmentCalculator.measure(text));
    }

    @Test
    void leavesATextThatFitsUnchanged() {
        String text = "a".repeat(459);

        assertSame(text, SegmentCalculator.truncate(text, 3));
    }

    @Test
    void cutsGsmTextToFillItsSegmentsAndEndsItWithThreeDots() {
        String cut = SegmentCalculator.truncate("a".repeat(1000), 3);

        assertEquals("a".repeat(456) + "...", cut);
        assertEquals(new Measurement(Encoding.GSM_7, 459, 3), SegmentCalculator.measure(cut));
    }

    @Test
    void cutsToTheSingleSegmentCapacityWhenOneSegmentIsAllowed() {
        assertEquals("a".repeat(157) + "...", SegmentCalculator.truncate("a".repeat(161), 1));
    }

    @Test
    void keepsAnExtensionCharacterWholeAtTheCut() {
        String cut = SegmentCalculator.truncate("€".repeat(200), 1);

        assertEquals("€".repeat(78) + "...", cut);
        assertEquals(159, SegmentCalculator.measure(cut).units());
    }

    @Test
    void cutsUcs2TextWithTheEllipsisCharacter() {
        String cut = SegmentCalculator.truncate("ж".repeat(500), 2);

        assertEquals("ж".repeat(133) + "…", cut);
        assertEquals(new Measurement(Encoding.UCS_2, 134, 2), SegmentCalculator.measure(cut));
    }

    @Test
    void neverCutsInsideASurrogatePairOrAnEmojiSequence() {
        String thumbsUp = "👍🏽"; // two code points, four code units, one character on screen
        String family = "👨‍👩‍👧"; // three emoji joined by zero-width joiners

        assertEquals(thumbsUp.repeat(17) + "…", SegmentCalculator.truncate(thumbsUp.repeat(100), 1));
        assertEquals(family.repeat(8) + "…", SegmentCalculator.truncate(family.repeat(20), 1));
    }

    @Test
    void neverSeparatesALetterFromItsCombiningAccent() {
        String decomposed = "e\u0301"; // é as e and a combining acute accent

        assertEquals(decomposed.repeat(34) + "…", SegmentCalculator.truncate(decomposed.repeat(100), 1));
    }

    @Test
    void cutsAsGsmWhenOnlyTheCutOffPartNeedsUcs2() {
        assertEquals("a".repeat(456) + "...", SegmentCalculator.truncate("a".repeat(500) + "😀", 3));
    }

    @Test
    void keepsUcs2WhenTheKeptPartNeedsIt() {
        String cut = SegmentCalculator.truncate("😀" + "a".repeat(500), 1);

        assertEquals("😀" + "a".repeat(67) + "…", cut);
        assertEquals(new Measurement(Encoding.UCS_2, 70, 1), SegmentCalculator.measure(cut));
    }

    @Test
    void dropsWhiteSpaceBeforeTheEllipsis() {
        assertEquals("a".repeat(156) + "...", SegmentCalculator.truncate("a".repeat(156) + " " + "b".repeat(100), 1));
    }

    @Test
    void refusesFewerThanOneSegment() {
        assertThrows(IllegalArgumentException.class, () -> SegmentCalculator.truncate("text", 0));
    }
}
