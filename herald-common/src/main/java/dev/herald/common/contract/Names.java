package dev.herald.common.contract;

import java.util.regex.Pattern;

/** The forms of identifiers every API accepts alike: user ids, and names of event types and categories. */
public final class Names {

    /** A user id: 1-128 of letters, digits and {@code . _ : @ -}. */
    public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    public static final String USER_ID_RULE = "must be a user id of 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':', '@' or '-'";

    /** An event type or category: 1-128 of {@code a-z 0-9 . _ -}, starting with a letter or digit. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
    public static final String NAME_RULE = "must be 1-128 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit";

    /**
     * A phone number in E.164: {@code +}, a country code not starting with 0, and at most 15 digits in all
     * ({@code +14155550100}); no spaces, dashes or brackets.
     */
    public static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    public static final String E164_RULE = "must be an E.164 phone number: '+' and 2-15 digits, the first not 0, e.g. +14155550100";

    private Names() {
    }
}
