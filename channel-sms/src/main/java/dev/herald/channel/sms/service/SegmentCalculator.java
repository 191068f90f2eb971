package dev.herald.channel.sms.service;

import java.text.BreakIterator;
import java.util.Arrays;
import java.util.Locale;

/**
 * How many SMS segments a text takes, and how to cut a text down to a number of segments.
 *
 * <p>A text whose every character is in the GSM 03.38 alphabet is sent as GSM-7: 160 septets in a single segment,
 * 153 per segment once it is split (the rest carries the concatenation header); extension-table characters
 * ({@code € [ ] { } \ ^ ~ |} and form feed) take two septets. Any other character makes the whole text UCS-2:
 * 70 UTF-16 code units in a single segment, 67 per segment when split; characters beyond the BMP (most emoji) take
 * two. Like Twilio's own segment calculator, a character is never split across two segments: an escape sequence or a
 * surrogate pair that does not fit at the end of a segment starts the next one. Twilio's optional Smart Encoding
 * (replacing look-alike Unicode characters with GSM-7 ones) is not assumed.
 */
public final class SegmentCalculator {

    /** Ends a shortened GSM-7 text: the ellipsis character has no GSM-7 form and would turn it into UCS-2. */
    static final String GSM_ELLIPSIS = "...";
    /** Ends a shortened UCS-2 text: one code unit instead of three. */
    static final String UCS_ELLIPSIS = "…";

    private SegmentCalculator() {
    }

    public enum Encoding {
        GSM_7(160, 153),
        UCS_2(70, 67);

        private final int singleSegmentUnits;
        private final int unitsPerPart;

        Encoding(int singleSegmentUnits, int unitsPerPart) {
            this.singleSegmentUnits = singleSegmentUnits;
            this.unitsPerPart = unitsPerPart;
        }

        /** Units (septets or UTF-16 code units) that fit into a message of one segment. */
        public int singleSegmentUnits() {
            return singleSegmentUnits;
        }

        /** Units that fit into each segment of a message split into several. */
        public int unitsPerPart() {
            return unitsPerPart;
        }
    }

    /**
     * @param encoding the encoding the text is sent in
     * @param units    its length in septets (GSM-7) or UTF-16 code units (UCS-2)
     * @param segments the segments it is sent as, at least 1
     */
    public record Measurement(Encoding encoding, int units, int segments) {
    }

    public static Measurement measure(String text) {
        Encoding encoding = GsmAlphabet.encodes(text) ? Encoding.GSM_7 : Encoding.UCS_2;
        int units = 0;
        int segments = 1;
        int unitsInSegment = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int size = encoding == Encoding.GSM_7 ? GsmAlphabet.septets(codePoint) : Character.charCount(codePoint);
            if (unitsInSegment + size > encoding.unitsPerPart()) {
                segments++;
                unitsInSegment = 0;
            }
            unitsInSegment += size;
            units += size;
            i += Character.charCount(codePoint);
        }
        return new Measurement(encoding, units, units <= encoding.singleSegmentUnits() ? 1 : segments);
    }

    /**
     * The text itself if it takes at most {@code maxSegments} segments; otherwise its longest beginning that, with
     * trailing white space removed and an ellipsis appended ({@value #GSM_ELLIPSIS} for GSM-7, {@code …} for UCS-2),
     * fits into {@code maxSegments}. The cut falls between user-perceived characters (grapheme clusters), so it
     * splits neither a surrogate pair nor an emoji sequence or a letter from its combining accent. A text that needs
     * UCS-2 only for a character beyond the cut is shortened as GSM-7 and gains the larger GSM-7 capacity.
     */
    public static String truncate(String text, int maxSegments) {
        if (maxSegments < 1) {
            throw new IllegalArgumentException("max segments must be at least 1, was " + maxSegments);
        }
        if (measure(text).segments() <= maxSegments) {
            return text;
        }
        // No text longer than this fits: every character takes at least one unit.
        int longestPossible = Math.min(text.length(), maxSegments * Encoding.GSM_7.singleSegmentUnits());
        int[] cuts = graphemeBoundaries(text, longestPossible);
        int firstUcs = firstCutWithUcs(text, cuts);
        int best = longestFitting(text, cuts, firstUcs, cuts.length, maxSegments);
        if (best < 0) {
            best = longestFitting(text, cuts, 0, firstUcs, maxSegments);
        }
        return shortened(text.substring(0, cuts[best]));
    }

    private static String shortened(String prefix) {
        String kept = prefix.stripTrailing();
        return kept + (GsmAlphabet.encodes(kept) ? GSM_ELLIPSIS : UCS_ELLIPSIS);
    }

    /**
     * The largest index in {@code [from, to)} whose cut fits, or -1. Within such a range every prefix has the same
     * encoding, so a prefix that fits means every shorter one fits too.
     */
    private static int longestFitting(String text, int[] cuts, int from, int to, int maxSegments) {
        int low = from;
        int high = to - 1;
        int best = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (measure(shortened(text.substring(0, cuts[middle]))).segments() <= maxSegments) {
                best = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return best;
    }

    /** Index of the first cut whose prefix contains a character without GSM-7 form; {@code cuts.length} if none. */
    private static int firstCutWithUcs(String text, int[] cuts) {
        int firstUcsChar = 0;
        while (firstUcsChar < text.length() && GsmAlphabet.septets(text.codePointAt(firstUcsChar)) > 0) {
            firstUcsChar += Character.charCount(text.codePointAt(firstUcsChar));
        }
        int index = 0;
        while (index < cuts.length && cuts[index] <= firstUcsChar) {
            index++;
        }
        return index;
    }

    /** The grapheme cluster boundaries of {@code text} from 0 up to {@code limit}, ascending. */
    private static int[] graphemeBoundaries(String text, int limit) {
        BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
        characters.setText(text);
        int[] cuts = new int[limit + 1];
        int count = 0;
        for (int boundary = characters.first(); boundary != BreakIterator.DONE && boundary <= limit;
                boundary = characters.next()) {
            cuts[count++] = boundary;
        }
        return Arrays.copyOf(cuts, count);
    }
}
