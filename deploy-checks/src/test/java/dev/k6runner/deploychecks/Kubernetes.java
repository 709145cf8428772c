package dev.k6runner.deploychecks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every manifest under k8s/, parsed, and the objects the tests look up in them. */
record Kubernetes(List<Manifest> manifests) {

    record Manifest(String file, Map<String, Object> object) {
        String kind() {
            return String.valueOf(object.get("kind"));
        }

        String name() {
            return Yamls.string(object, "metadata", "name");
        }
    }

    static Kubernetes load() {
        List<Manifest> manifests = new ArrayList<>();
        for (String file : Repo.filesUnder("k8s", ".yaml")) {
            Repo.yamlDocuments(file).forEach(object -> manifests.add(new Manifest(file, object)));
        }
        return new Kubernetes(manifests);
    }

    List<Manifest> ofKind(String kind) {
        return manifests.stream().filter(manifest -> manifest.kind().equals(kind)).toList();
    }

    Optional<Manifest> find(String kind, String name) {
        return ofKind(kind).stream().filter(manifest -> name.equals(manifest.name())).findFirst();
    }

    Manifest get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " under k8s/"));
    }

    static Map<String, Object> podSpec(Manifest workload) {
        return Yamls.map(workload.object(), "spec", "template", "spec");
    }

    static Map<String, Object> container(Manifest workload) {
        List<Map<String, Object>> containers = Yamls.maps(podSpec(workload).get("containers"));
        if (containers.size() != 1) {
            throw new AssertionError(workload.name() + " has " + containers.size() + " containers, expected one");
        }
        return containers.getFirst();
    }

    static List<Map<String, Object>> initContainers(Manifest workload) {
        return Yamls.maps(podSpec(workload).get("initContainers"));
    }

    static List<Map<String, Object>> env(Map<String, Object> container) {
        return Yamls.maps(container.get("env"));
    }

    static Optional<String> envValue(Map<String, Object> container, String name) {
        return env(container).stream().filter(entry -> name.equals(entry.get("name")))
                .map(entry -> entry.get("value")).filter(java.util.Objects::nonNull).map(String::valueOf).findFirst();
    }
}
