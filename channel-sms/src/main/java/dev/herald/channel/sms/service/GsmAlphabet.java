package dev.herald.channel.sms.service;

/**
 * The GSM 03.38 (3GPP TS 23.038) default alphabet: the 128 characters of the basic table take one septet each, the
 * characters of the extension table take two (an escape septet and the character).
 */
final class GsmAlphabet {

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    private GsmAlphabet() {
    }

    /** Septets the character takes in GSM-7: 1 (basic table), 2 (extension table), or 0 when it has no GSM-7 form. */
    static int septets(int codePoint) {
        if (codePoint > Character.MAX_VALUE) {
            return 0;
        }
        if (BASIC.indexOf(codePoint) >= 0) {
            return 1;
        }
        return EXTENSION.indexOf(codePoint) >= 0 ? 2 : 0;
    }

    static boolean encodes(CharSequence text) {
        return text.codePoints().allMatch(codePoint -> septets(codePoint) > 0);
    }
}
