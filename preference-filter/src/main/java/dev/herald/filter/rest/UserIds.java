package dev.herald.filter.rest;

import dev.herald.common.rest.Problem;
import dev.herald.common.rest.ProblemException;

import java.util.List;
import java.util.regex.Pattern;

/** The user ids Herald accepts: the same rule as ingress applies to an event's recipients. */
final class UserIds {

    static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private UserIds() {
    }

    static String require(String userId) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw ProblemException.validation(List.of(new Problem.FieldError("userId",
                    "must be 1 to 128 characters of letters, digits and . _ : @ -")));
        }
        return userId;
    }
}
