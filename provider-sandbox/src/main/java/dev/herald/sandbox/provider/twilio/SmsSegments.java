package dev.herald.sandbox.provider.twilio;

/** How many SMS segments a body takes: GSM-7 when every character has a septet, UCS-2 otherwise. */
final class SmsSegments {

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    // Characters of the extension table take an escape septet and their own.
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

    private SmsSegments() {
    }

    static int count(String body) {
        int septets = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                septets++;
            } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                return segments(body.length(), 70, 67);
            }
        }
        return segments(septets, 160, 153);
    }

    private static int segments(int units, int single, int perPart) {
        return units <= single ? 1 : (units + perPart - 1) / perPart;
    }
}
