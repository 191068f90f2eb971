package dev.herald.filter.rest;

import dev.herald.common.rest.ProblemException;
import dev.herald.filter.service.link.LinkTokens;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * What every end-user page shares: its security headers, and the friendly page for a link that grants nothing (never a
 * stack trace, never whether the user exists).
 */
@ApplicationScoped
public class EndUserPages {

    /** Scripts and styles come from this service only; no framing; the token in the URL is never sent as a referrer. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Template linkProblem;

    EndUserPages(@Location("pages/link-problem.html") Template linkProblem) {
        this.linkProblem = linkProblem;
    }

    Response html(int status, TemplateInstance page) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page.render())
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .build();
    }

    /** The page for a link that failed: expired, tampered, for a user who is gone, or links switched off. */
    Response linkProblem(Throwable failure) {
        if (failure instanceof LinkTokens.InvalidLinkException invalid && invalid.expired()) {
            return html(410, linkProblem.data("title", "This link has expired")
                    .data("message", "Links to your notification settings work for a limited time. "
                            + "Open the most recent message you received from us, or ask for a new link."));
        }
        if (failure instanceof LinkTokens.InvalidLinkException) {
            return html(401, linkProblem.data("title", "This link does not work")
                    .data("message", "The link is incomplete or has been changed. Copy the whole link from the "
                            + "message you received, or ask for a new one."));
        }
        if (failure instanceof ProblemException problem && problem.status() == 503) {
            return html(503, linkProblem.data("title", "Settings are unavailable")
                    .data("message", "Notification settings cannot be opened right now. Please try again later."));
        }
        return html(404, linkProblem.data("title", "We could not find your settings")
                .data("message", "There are no notification settings for this link any more."));
    }
}
