package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Env names that would steer k6, its runtime or its traffic are refused (400); so are remote module imports (422). */
class ScriptAndEnvChecksTest extends GatewayIntegrationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            K6_OUT           | k6 reads K6_*
            K6_VUS           | k6 reads K6_*
            K6_NO_THRESHOLDS | k6 reads K6_*
            PATH             | the runner sets PATH
            HOME             | the runner sets HOME
            TMPDIR           | the runner sets TMPDIR
            LD_PRELOAD       | C library
            LD_LIBRARY_PATH  | C library
            GCONV_PATH       | C library
            GLIBC_TUNABLES   | C library
            GODEBUG          | Go runtime
            GOMAXPROCS       | Go runtime
            HTTP_PROXY       | proxy
            https_proxy      | proxy
            No_Proxy         | proxy
            all_proxy        | proxy
            SSL_CERT_FILE    | TLS certificates
            SSL_CERT_DIR     | TLS certificates
            """)
    void aReservedEnvNameIs400WithItsPointerAndWhyAndStoresNothing(String name, String why) {
        Team team = newTeam(20);

        Answer refused = submit(team, "{\"script\":\"x\",\"env\":{\"TOKEN\":\"t\",\"" + name + "\":\"v\"}}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("type").asString()).endsWith("/validation");
        assertThat(refused.json().get("errors")).hasSize(1);
        assertThat(refused.json().get("errors").get(0).get("pointer").asString()).isEqualTo("#/env/" + name);
        assertThat(refused.json().get("detail").asString()).contains("'" + name + "' is reserved").contains(why);
        assertThat(runsOf(team)).isZero();
    }

    @Test
    void namesThatOnlyLookAlikeAreAccepted() {
        Team team = newTeam(20);
        UUID id = submitOk(team, "{\"script\":\"x\",\"env\":{\"K6\":\"a\",\"MY_K6_URL\":\"b\",\"path\":\"c\",\"BASE_URL\":\"d\","
                + "\"SSL_CERT\":\"e\",\"PROXY_HOST\":\"f\",\"GOOGLE_API_KEY\":\"g\"}}");

        assertThat(jdbc.sql("SELECT count(*) FROM jsonb_object_keys((SELECT env FROM runs WHERE id = ?))").param(id)
                .query(Long.class).single()).isEqualTo(7);
    }

    @Test
    void theRecordedRemoteImportIs422NamingTheUrlAndStoresNothing() throws IOException {
        Team team = newTeam(20);
        String script = resource("/k6-reference/remote-import/script.js");

        Answer refused = submit(team, JSON.writeValueAsString(java.util.Map.of("script", script)));

        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).isEqualTo("https://k6runner.dev/problems/remote-module");
        assertThat(refused.json().get("detail").asString())
                .contains("https://jslib.k6.io/k6-utils/1.4.0/index.js").contains("line 1").contains("k6 archive");
        assertThat(refused.json().get("errors").get(0).get("pointer").asString()).isEqualTo("#/script");
        assertThat(runsOf(team)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "export default async function () { const { default: lib } = await import('http://10.0.0.5/lib.js'); }",
            "const lib = require('https://cdn.example/lib.js');\nexport default function () {}",
            "import 'https://cdn.example/polyfill.js';\nexport default function () {}"})
    void everyWayOfLoadingARemoteModuleIsRefused(String script) {
        Team team = newTeam(20);

        Answer refused = submit(team, JSON.writeValueAsString(java.util.Map.of("script", script)));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("type").asString()).endsWith("/remote-module");
        assertThat(runsOf(team)).isZero();
    }

    @Test
    void aScriptThatOnlyCallsUrlsIsAccepted() {
        Team team = newTeam(20);
        String script = """
                import http from 'k6/http';
                import { check } from 'k6';
                // import { x } from 'https://jslib.k6.io/x.js' was here
                export default function () {
                  const r = http.get('https://shop.example/import?from=https://jslib.k6.io/');
                  check(r, { 'ok': (x) => x.status === 200 });
                }
                """;

        assertThat(submit(team, JSON.writeValueAsString(java.util.Map.of("script", script))).status()).isEqualTo(202);
        assertThat(runsOf(team)).isEqualTo(1);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ScriptAndEnvChecksTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
