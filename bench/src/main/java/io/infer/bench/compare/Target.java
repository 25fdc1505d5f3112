package io.infer.bench.compare;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * One server to measure.
 *
 * @param name  label in the report
 * @param api   what kind of server it is (decides endpoint and metrics)
 * @param base  base URL, e.g. {@code http://127.0.0.1:8080} (no trailing slash)
 * @param model model name to send; null to use the run's {@code --model} (or ask the server)
 */
public record Target(String name, Api api, URI base, String model) {

    public Target {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("target name is empty");
        }
        String s = base.toString();
        if (s.endsWith("/")) {
            base = URI.create(s.substring(0, s.length() - 1));
        }
    }

    /**
     * Parses {@code NAME=[KIND:]URL}: {@code infer=http://127.0.0.1:8080}, {@code ollama=ollama:http://h:11434},
     * {@code mine=vllm:http://h:8000}. Without a KIND the name is the kind when it names one (infer, llama, ollama,
     * vllm, lmstudio), else the target is a generic OpenAI-compatible server. A URL without a scheme gets {@code http://}.
     */
    public static Target parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("target \"" + spec + "\" is not NAME=[KIND:]URL");
        }
        String name = spec.substring(0, eq).trim();
        String rest = spec.substring(eq + 1).trim();
        Api api = null;
        int colon = rest.indexOf(':');
        if (colon > 0) {
            Api k = Api.lookup(rest.substring(0, colon));
            if (k != null) {
                api = k;
                rest = rest.substring(colon + 1);
            }
        }
        if (api == null) {
            Api byName = Api.lookup(name);
            api = byName == null ? Api.OPENAI : byName;
        }
        if (!rest.startsWith("http://") && !rest.startsWith("https://")) {
            rest = "http://" + rest;
        }
        try {
            URI uri = new URI(rest);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("target \"" + spec + "\": no host in " + rest);
            }
            return new Target(name, api, uri, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("target \"" + spec + "\": bad URL " + rest + " (" + e.getMessage() + ")");
        }
    }

    public Target withModel(String m) {
        return new Target(name, api, base, m);
    }

    /** {@code base} + {@code path} ({@code path} starts with a slash). */
    public URI resolve(String path) {
        return URI.create(base + path);
    }
}
