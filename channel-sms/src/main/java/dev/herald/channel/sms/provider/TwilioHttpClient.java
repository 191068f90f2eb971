package dev.herald.channel.sms.provider;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import dev.herald.channel.core.provider.ResponseHeaders;
import dev.herald.channel.core.provider.RetryAfter;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Twilio SDK's HTTP transport, adapted in four ways:
 * <ul>
 * <li>requests for {@value #TWILIO_API} go to the configured base URL instead (provider-sandbox, a test double),
 * since the SDK has no such setting;</li>
 * <li>our connect and read timeouts and pool size apply ({@link NetworkHttpClient} puts Twilio's fixed request
 * timeouts on every request, 30.5 s to connect and none for the answer, over any configuration of the client);</li>
 * <li>nothing is retried in process: the SDK retries 5xx answers three times, sleeping in between, while Herald retries
 * through the broker's wait queues;</li>
 * <li>the status and {@code Retry-After} header of the last answer are kept per thread, because the exceptions the SDK
 * throws for an error answer carry no headers.</li>
 * </ul>
 */
final class TwilioHttpClient extends NetworkHttpClient {

    static final String TWILIO_API = "https://api.twilio.com";

    private final String baseUrl;
    private final ThreadLocal<Answer> lastAnswer = new ThreadLocal<>();

    /** The status and {@code Retry-After} header (null if none) of an HTTP answer from Twilio. */
    record Answer(int status, String retryAfter) {
    }

    TwilioHttpClient(String baseUrl, Duration connectTimeout, Duration readTimeout, int maxConnections) {
        super(transport(connectTimeout, readTimeout, maxConnections));
        this.baseUrl = normalise(baseUrl);
    }

    @Override
    public Response makeRequest(Request request) {
        lastAnswer.remove();
        Response response = super.makeRequest(rebase(request));
        lastAnswer.set(new Answer(response.getStatusCode(), retryAfter(response)));
        return response;
    }

    @Override
    protected boolean shouldRetry(Response response, int[] retryCodes) {
        return false;
    }

    /** The answer to the last request this thread made, forgetting it; empty when that request got no answer. */
    Optional<Answer> takeLastAnswer() {
        Answer answer = lastAnswer.get();
        lastAnswer.remove();
        return Optional.ofNullable(answer);
    }

    void close() {
        client.close(CloseMode.GRACEFUL);
    }

    /** {@code url} with its {@value #TWILIO_API} prefix replaced by {@code baseUrl}; any other URL unchanged. */
    static String rebase(String url, String baseUrl) {
        if (url == null || baseUrl.equals(TWILIO_API) || !url.startsWith(TWILIO_API)) {
            return url;
        }
        String rest = url.substring(TWILIO_API.length());
        if (!rest.isEmpty() && "/?#".indexOf(rest.charAt(0)) < 0) {
            return url; // another host that merely starts alike, e.g. api.twilio.com.example.org
        }
        return baseUrl + rest;
    }

    /** The base URL without trailing slashes, after checking it is an absolute http(s) URL without query. */
    static String normalise(String baseUrl) {
        URI uri;
        try {
            uri = URI.create(baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + baseUrl, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must be an http(s) URL like " + TWILIO_API
                    + " or http://localhost:8089, without user, query or fragment: " + baseUrl);
        }
        return uri.toString().replaceAll("/+$", "");
    }

    private Request rebase(Request request) {
        String url = rebase(request.getUrl(), baseUrl);
        if (url.equals(request.getUrl())) {
            return request;
        }
        // Region and edge name Twilio hosts; they are left out, as they would be spliced into the base URL's host.
        Request copy = new Request(request.getMethod(), url);
        if (request.getAuthStrategy() != null) {
            copy.setAuth(request.getAuthStrategy());
        } else if (request.getUsername() != null) {
            copy.setAuth(request.getUsername(), request.getPassword());
        }
        request.getQueryParams().forEach((name, values) -> values.forEach(value -> copy.addQueryParam(name, value)));
        request.getPostParams().forEach((name, values) -> values.forEach(value -> copy.addPostParam(name, value)));
        request.getHeaderParams().forEach((name, values) -> values.forEach(value -> copy.addHeaderParam(name, value)));
        copy.setContentType(request.getContentType());
        copy.setBody(request.getBody());
        copy.setFormParameters(request.getFormParameters());
        copy.setUserAgentExtensions(request.getUserAgentExtensions());
        return copy;
    }

    @SuppressWarnings("deprecation") // RequestConfig's connect timeout is deprecated, but it overrides the pool's
    private static HttpClientBuilder transport(Duration connectTimeout, Duration readTimeout, int maxConnections) {
        Timeout connect = Timeout.ofMilliseconds(connectTimeout.toMillis());
        Timeout read = Timeout.ofMilliseconds(readTimeout.toMillis());
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectionRequestTimeout(connect)
                .setConnectTimeout(connect)
                .setResponseTimeout(read)
                .build();
        return HttpClientBuilder.create()
                .useSystemProperties()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .useSystemProperties()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(read)
                                .build())
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .build())
                .setDefaultRequestConfig(timeouts)
                .disableAutomaticRetries()
                // NetworkHttpClient sets Twilio's own request config on every request; this puts ours back first.
                .addExecInterceptorFirst("herald-timeouts", (request, scope, chain) -> {
                    scope.clientContext.setRequestConfig(timeouts);
                    return chain.proceed(request, scope);
                });
    }

    /** The {@code Retry-After} header of an answer, found whatever the case of its name. */
    private static String retryAfter(Response response) {
        Header[] headers = response.getHeaders();
        return headers == null ? null : ResponseHeaders.value(Arrays.stream(headers).collect(Collectors.groupingBy(
                Header::getName, Collectors.mapping(Header::getValue, Collectors.toList()))), RetryAfter.HEADER);
    }
}
