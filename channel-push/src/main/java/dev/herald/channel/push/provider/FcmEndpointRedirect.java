package dev.herald.channel.push.provider;

import com.google.api.client.http.javanet.ConnectionFactory;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Locale;

/**
 * Points firebase-admin at another FCM endpoint. The SDK builds its send URL from the fixed origin
 * {@code https://fcm.googleapis.com} and offers no setting for it, so the connections of its HTTP transport are
 * opened here, with that origin replaced by the configured base URL (provider-sandbox, a test double or a proxy);
 * path and query stay as the SDK made them. Requests to any other origin, such as the token endpoint, pass unchanged.
 */
final class FcmEndpointRedirect implements ConnectionFactory {

    static final URI FCM_ORIGIN = URI.create("https://fcm.googleapis.com");

    private final String target;

    /** @param baseUrl where FCM requests go instead, e.g. {@code http://localhost:8089} or {@code http://proxy/fcm} */
    FcmEndpointRedirect(URI baseUrl) {
        if (baseUrl.getScheme() == null || baseUrl.getHost() == null
                || !(baseUrl.getScheme().equalsIgnoreCase("http") || baseUrl.getScheme().equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("the FCM base URL must be an absolute http(s) URL, was " + baseUrl);
        }
        String base = baseUrl.toString();
        this.target = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Whether requests go to Google rather than to a stand-in. */
    boolean isGoogle() {
        String host = URI.create(target).getHost().toLowerCase(Locale.ROOT);
        return host.equals("googleapis.com") || host.endsWith(".googleapis.com");
    }

    @Override
    public HttpURLConnection openConnection(URL url) throws IOException {
        return (HttpURLConnection) rewrite(url).openConnection();
    }

    URL rewrite(URL url) throws IOException {
        try {
            URI uri = url.toURI();
            if (!isFcmOrigin(uri)) {
                return url;
            }
            String rest = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                rest += "?" + uri.getRawQuery();
            }
            return URI.create(target + rest).toURL();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot redirect the FCM request " + url.getPath(), e);
        }
    }

    private static boolean isFcmOrigin(URI uri) {
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        return "https".equalsIgnoreCase(uri.getScheme()) && port == 443
                && FCM_ORIGIN.getHost().equals(uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT));
    }
}
