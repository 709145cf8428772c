package dev.k6runner.deploychecks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker-compose.yml, parsed, with the service-level questions the tests ask. */
record Compose(Map<String, Object> document) {

    static Compose load() {
        return new Compose(Repo.yaml("docker-compose.yml"));
    }

    Map<String, Object> services() {
        return Yamls.map(document, "services");
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = Yamls.map(services().get(name));
        if (service.isEmpty()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** The compose services running a module's image, e.g. runner-worker-1 and runner-worker-2. */
    List<String> servicesOf(String module) {
        return services().keySet().stream()
                .filter(name -> String.valueOf(Yamls.map(services().get(name)).get("image")).startsWith("k6runner/" + module + ":"))
                .toList();
    }

    /** Environment of a service, in either of compose's forms (mapping or KEY=value list). */
    static Map<String, String> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        Map<String, String> values = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> values.put(String.valueOf(key), value == null ? "" : String.valueOf(value)));
        } else {
            for (Object entry : Yamls.list(environment)) {
                String[] parts = String.valueOf(entry).split("=", 2);
                values.put(parts[0], parts.length == 2 ? parts[1] : "");
            }
        }
        return values;
    }

    /** The container paths of a service's volumes, by their source (named volume or host path). */
    static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : Yamls.list(service.get("volumes"))) {
            String[] parts = String.valueOf(volume).split(":");
            mounts.put(parts[0], parts[1]);
        }
        return mounts;
    }

    /** A service's tmpfs mounts ({@code /path:size=1g,mode=0711}), by path, with their options. */
    static Map<String, Map<String, String>> tmpfs(Map<String, Object> service) {
        Map<String, Map<String, String>> mounts = new LinkedHashMap<>();
        Object tmpfs = service.get("tmpfs");
        for (Object entry : tmpfs instanceof String single ? List.of(single) : Yamls.list(tmpfs)) {
            String[] parts = String.valueOf(entry).split(":", 2);
            Map<String, String> options = new LinkedHashMap<>();
            if (parts.length == 2) {
                for (String option : parts[1].split(",")) {
                    String[] keyValue = option.split("=", 2);
                    options.put(keyValue[0], keyValue.length == 2 ? keyValue[1] : "");
                }
            }
            mounts.put(parts[0], options);
        }
        return mounts;
    }

    static String healthcheck(Map<String, Object> service) {
        Object test = Yamls.map(service.get("healthcheck")).get("test");
        return test instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf).toList()) : String.valueOf(test);
    }
}
