package dev.herald.sandbox.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.herald.sandbox.service.Fault;
import dev.herald.sandbox.service.FaultInjector;
import dev.herald.sandbox.service.SandboxChannel;
import io.quarkus.logging.Log;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

@Path("/sandbox/faults")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sandbox faults", description = "Make a provider fail or slow down")
public class FaultsResource {

    private final FaultInjector faults;
    private final ObjectReader requestReader;

    FaultsResource(FaultInjector faults, ObjectMapper json) {
        this.faults = faults;
        // A misspelt field must not silently inject a different fault than the one asked for.
        this.requestReader = json.readerFor(FaultRequest.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @GET
    @Operation(summary = "The faults in force, by channel")
    public Map<String, Fault> all() {
        Map<String, Fault> byName = new LinkedHashMap<>();
        faults.all().forEach((channel, fault) -> byName.put(channel.wireName(), fault));
        return byName;
    }

    @GET
    @Path("/{channel}")
    @Operation(summary = "The fault in force for one channel")
    @APIResponse(responseCode = "404", description = "No fault for this channel")
    public Fault get(@PathParam("channel") String channel) {
        SandboxChannel target = channel(channel);
        return faults.get(target).orElseThrow(() -> new ProblemException(404, "Not found",
                "No fault is injected into " + target.wireName() + "."));
    }

    @PUT
    @Path("/{channel}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inject a fault into one channel", description = "Replaces the channel's fault. A failed "
            + "request is answered in the provider's error shape and is not recorded; the latency applies to every "
            + "request of the channel.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = FaultRequest.class)))
    @APIResponse(responseCode = "200", description = "The fault now in force")
    @APIResponse(responseCode = "400", description = "Invalid fault, with the offending fields")
    public Fault put(@PathParam("channel") String channel, byte[] body) {
        SandboxChannel target = channel(channel);
        Fault fault = parse(body).toFault();
        faults.set(target, fault);
        Log.infof("fault injected into %s: %s", target.wireName(), fault);
        return fault;
    }

    @DELETE
    @Operation(summary = "Clear every fault")
    @APIResponse(responseCode = "204", description = "No fault is left")
    public void clearAll() {
        faults.clear();
        Log.info("all faults cleared");
    }

    @DELETE
    @Path("/{channel}")
    @Operation(summary = "Clear the fault of one channel")
    @APIResponse(responseCode = "204", description = "The channel has no fault")
    public void clear(@PathParam("channel") String channel) {
        faults.clear(channel(channel));
    }

    private FaultRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProblemException(400, "Malformed JSON", "The body is empty; send the fault as a JSON object.");
        }
        try {
            FaultRequest request = requestReader.readValue(body);
            if (request == null) {
                throw new ProblemException(400, "Malformed JSON", "The body must be a JSON object.");
            }
            return request;
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.validation(List.of(new Problem.FieldError(e.getPropertyName(),
                    "is not a fault field; use errorRate, status, latencyMs, retryAfterSeconds")));
        } catch (JsonParseException e) {
            throw new ProblemException(400, "Malformed JSON", "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            if (field.isEmpty()) {
                throw new ProblemException(400, "Malformed JSON", "The body must be a JSON object.");
            }
            throw ProblemException.validation(List.of(new Problem.FieldError(field, "must be a number")));
        } catch (IOException e) {
            throw new ProblemException(400, "Malformed JSON", "The body could not be read.");
        }
    }

    static SandboxChannel channel(String name) {
        return SandboxChannel.fromWireName(name).orElseThrow(() -> new ProblemException(404, "Unknown channel",
                "There is no channel '" + name + "'; use one of " + SandboxChannel.WIRE_NAMES + "."));
    }
}
