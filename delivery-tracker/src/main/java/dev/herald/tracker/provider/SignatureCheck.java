package dev.herald.tracker.provider;

/** The verdict on a webhook's signature: verified, or refused with the HTTP status to answer and why. */
public sealed interface SignatureCheck {

    SignatureCheck VERIFIED = new Verified();

    static SignatureCheck missing(String detail) {
        return new Refused(401, detail);
    }

    static SignatureCheck invalid(String detail) {
        return new Refused(403, detail);
    }

    static SignatureCheck notConfigured(String detail) {
        return new Refused(503, detail);
    }

    record Verified() implements SignatureCheck {
    }

    /** 401: no signature; 403: a wrong, tampered or stale one; 503: this tracker has no key to check it with. */
    record Refused(int status, String detail) implements SignatureCheck {
    }
}
