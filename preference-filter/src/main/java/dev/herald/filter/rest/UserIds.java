package dev.herald.filter.rest;

import dev.herald.common.contract.Names;
import dev.herald.common.rest.Problem;
import dev.herald.common.rest.ProblemException;

import java.util.List;

/** The user ids Herald accepts: the same rule as ingress applies to an event's recipients. */
final class UserIds {

    private UserIds() {
    }

    static String require(String userId) {
        if (userId == null || !Names.USER_ID.matcher(userId).matches()) {
            throw ProblemException.validation(List.of(new Problem.FieldError("userId", Names.USER_ID_RULE)));
        }
        return userId;
    }
}
