import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.google.gson.Gson;
import com.google.gson.JsonElement;

/**
 * Validates rendered Kubernetes manifests against the Kubernetes Java client's generated models, which reject
 * fields the API does not define (a misspelt "readinesProbe" would otherwise be dropped silently by the API
 * server) and objects lacking required fields. Usage: java -cp CLASSPATH StrictManifests.java FILE...
 * Exit 0 when every object passes, 1 otherwise; one line per object either way.
 */
public class StrictManifests {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    public static void main(String[] args) throws IOException {
        List<String> failures = new ArrayList<>();
        int objects = 0;
        Gson gson = new Gson();
        for (String file : args) {
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            try (Reader reader = Files.newBufferedReader(Path.of(file))) {
                for (Object document : yaml.loadAll(reader)) {
                    if (document == null) {
                        continue;
                    }
                    objects++;
                    Map<?, ?> object = (Map<?, ?>) document;
                    String name = Path.of(file).getFileName() + ": " + describe(object);
                    try {
                        validate(object, gson.toJsonTree(object));
                        System.out.println("  strict ok   " + name);
                    } catch (Exception e) {
                        String reason = e instanceof java.lang.reflect.InvocationTargetException ite
                                ? String.valueOf(ite.getCause().getMessage()) : e.getMessage();
                        failures.add(name + ": " + shorten(reason));
                        System.out.println("  strict FAIL " + name + ": " + shorten(reason));
                    }
                }
            }
        }
        if (objects == 0) {
            failures.add("no objects found in " + String.join(", ", args));
        }
        if (!failures.isEmpty()) {
            System.out.println(failures.size() + " of " + objects + " objects failed strict validation");
            System.exit(1);
        }
    }

    /** Finds the model class for apiVersion + kind (e.g. apps/v1 Deployment → V1Deployment) and lets it validate. */
    private static void validate(Map<?, ?> object, JsonElement json) throws Exception {
        String apiVersion = String.valueOf(object.get("apiVersion"));
        String kind = String.valueOf(object.get("kind"));
        String version = apiVersion.substring(apiVersion.lastIndexOf('/') + 1);
        String className = MODELS + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind;
        Class<?> model;
        try {
            model = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no Kubernetes model for " + apiVersion + " " + kind);
        }
        model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
        // Deserialising also checks value types (numbers, booleans, quantities) beyond field names.
        model.getMethod("fromJson", String.class).invoke(null, json.toString());
    }

    private static String describe(Map<?, ?> object) {
        Object metadata = object.get("metadata");
        Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
        return object.get("kind") + "/" + name;
    }

    private static String shorten(String message) {
        if (message == null) {
            return "(no message)";
        }
        int json = message.indexOf(" JSON: ");
        String head = json < 0 ? message : message.substring(0, json);
        return head.length() > 300 ? head.substring(0, 300) + "…" : head;
    }
}
