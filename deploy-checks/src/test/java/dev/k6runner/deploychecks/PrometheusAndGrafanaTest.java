package dev.k6runner.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Prometheus scrapes what the services expose; Grafana shows only metrics the services have. */
class PrometheusAndGrafanaTest {

    static final String DASHBOARD = "deploy/grafana/dashboards/k6-runner.json";

    private final Compose compose = Compose.load();
    private final MetricsCatalog catalog = MetricsCatalog.load();

    /** On the management port: actuator is never on the API's. */
    @Test
    void eachServiceIsScrapedOnItsManagementPortAtActuatorPrometheus() {
        Map<String, Object> prometheus = Repo.yaml("deploy/prometheus/prometheus.yml");
        List<Map<String, Object>> jobs = Yamls.maps(prometheus.get("scrape_configs"));
        assertThat(jobs).extracting(job -> job.get("job_name")).containsExactlyInAnyOrderElementsOf(ServiceConfig.MODULES);
        for (Map<String, Object> job : jobs) {
            String module = String.valueOf(job.get("job_name"));
            int port = ServiceConfig.load(module).defaultManagementPort();
            assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
            List<Object> targets = new ArrayList<>();
            Yamls.maps(job.get("static_configs")).forEach(config -> targets.addAll(Yamls.list(config.get("targets"))));
            List<String> expected = compose.servicesOf(module).stream().map(service -> service + ":" + port).toList();
            assertThat(targets).map(String::valueOf).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void composeMountsTheScrapeConfigAndGrafanasProvisioning() {
        assertThat(Compose.mounts(compose.service("prometheus")))
                .containsEntry("./deploy/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");
        Map<String, String> grafana = Compose.mounts(compose.service("grafana"));
        assertThat(grafana).containsEntry("./deploy/grafana/provisioning", "/etc/grafana/provisioning");
        String dashboards = grafana.get("./deploy/grafana/dashboards");
        Map<String, Object> provider = Yamls.maps(Repo.yaml("deploy/grafana/provisioning/dashboards/k6-runner.yml").get("providers")).getFirst();
        assertThat(Yamls.string(provider, "options", "path")).isEqualTo(dashboards);
        assertThat(provider.get("type")).isEqualTo("file");
        assertThat(Repo.path(DASHBOARD)).isRegularFile();
    }

    @Test
    void theDatasourceIsComposesPrometheusAndEveryPanelUsesItsUid() {
        Map<String, Object> datasource = Yamls.maps(Repo.yaml("deploy/grafana/provisioning/datasources/prometheus.yml").get("datasources")).getFirst();
        assertThat(datasource.get("type")).isEqualTo("prometheus");
        assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
        assertThat(Yamls.list(compose.service("prometheus").get("ports"))).contains("9090:9090");
        String uid = String.valueOf(datasource.get("uid"));
        List<JsonNode> references = new ArrayList<>();
        collectDatasources(Repo.json(DASHBOARD), references);
        assertThat(references).isNotEmpty();
        references.forEach(reference -> assertThat(reference.path("uid").asString()).isEqualTo(uid));
    }

    @Test
    void everyQueryNamesOnlyCatalogueMetricsAndTheDashboardShowsThemAll() {
        Set<String> shown = new TreeSet<>();
        for (String query : queries(Repo.json(DASHBOARD))) {
            Set<String> series = MetricsCatalog.seriesNamedIn(query);
            assertThat(series).as(query).isNotEmpty();
            for (String name : series) {
                String owner = catalog.owner(name);
                assertThat(owner).as(name + " in " + query + " is not in " + MetricsCatalog.FILE).isNotNull();
                shown.add(owner);
            }
        }
        assertThat(shown).containsExactlyInAnyOrderElementsOf(catalog.types().keySet());
    }

    @Test
    void theCatalogueFollowsPrometheusNaming() {
        assertThat(catalog.types()).hasSize(28);
        catalog.types().forEach((name, type) -> {
            assertThat(name).matches("k6runner_[a-z0-9_]+");
            assertThat(type).isIn("counter", "gauge", "timer");
            if (type.equals("counter")) {
                assertThat(name).endsWith("_total");
            }
            if (type.equals("timer")) {
                assertThat(name).endsWith("_seconds");
            }
        });
    }

    @Test
    void theObservabilityGuideDescribesEveryCatalogueMetric() {
        String guide = Repo.read("docs/observability.md");
        catalog.types().keySet().forEach(name -> assertThat(guide).as(name).contains("`" + name + "`"));
    }

    @Test
    void theDashboardHasAFleetAndATestsSectionWithDistinctPanels() {
        JsonNode dashboard = Repo.json(DASHBOARD);
        List<String> rows = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asString().equals("row")) {
                rows.add(panel.path("title").asString());
            }
            assertThat(ids.add(panel.path("id").asInt())).as("panel id " + panel.path("id")).isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
        }
        assertThat(rows).containsExactly("Fleet", "Tests");
        assertThat(dashboard.path("uid").asString()).isNotBlank();
        Set<String> variables = new TreeSet<>();
        dashboard.path("templating").path("list").forEach(variable -> variables.add(variable.path("name").asString()));
        assertThat(variables).contains("test");
    }

    static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asString()));
        }
        dashboard.path("templating").path("list").forEach(variable -> queries.add(variable.path("definition").asString()));
        return queries;
    }

    private static void collectDatasources(JsonNode node, List<JsonNode> references) {
        if (node.isObject()) {
            JsonNode datasource = node.path("datasource");
            if (datasource.isObject()) {
                references.add(datasource);
            }
            node.values().forEach(child -> collectDatasources(child, references));
        } else if (node.isArray()) {
            node.forEach(child -> collectDatasources(child, references));
        }
    }
}
