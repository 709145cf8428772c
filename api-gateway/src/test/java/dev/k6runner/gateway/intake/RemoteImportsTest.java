package dev.k6runner.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.k6runner.gateway.intake.RemoteImports.Found;

class RemoteImportsTest {

    private static final String JSLIB = "https://jslib.k6.io/k6-utils/1.4.0/index.js";

    @Test
    void theRecordedRemoteImportIsFoundWithItsLine() throws IOException {
        // a copy of /work/shared/k6-reference/remote-import/script.js: real k6 fetched this URL itself (exit 107 offline)
        String script = resource("/k6-reference/remote-import/script.js");

        assertThat(RemoteImports.in(script)).containsExactly(new Found(JSLIB, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "import { randomIntBetween } from '" + JSLIB + "';",
            "import '" + JSLIB + "';",
            "import * as utils from \"" + JSLIB + "\"",
            "import def, {\n  a as b,\n  c,\n} from\n  '" + JSLIB + "'",
            "export { randomIntBetween } from '" + JSLIB + "';",
            "export * from '" + JSLIB + "';",
            "const utils = require('" + JSLIB + "');",
            "export default async function () { const m = await import('" + JSLIB + "'); }",
            "const m = import(`" + JSLIB + "`);",
            "import x from 'HTTPS://jslib.k6.io/k6-utils/1.4.0/index.js'",
            "import x from 'https:\\/\\/jslib.k6.io/k6-utils/1.4.0/index.js'",
            "import x from 'http://internal.example/lib.js'",
            "export const options = {}; import y from './local.js'; import z from '" + JSLIB + "'"})
    void everyFormOfStaticImportAndRequireIsFound(String script) {
        assertThat(RemoteImports.in(script)).extracting(found -> found.url().toLowerCase(java.util.Locale.ROOT)
                        .replace("http://internal.example/lib.js", JSLIB))
                .containsExactly(JSLIB);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "import http from 'k6/http';\nexport default function () { http.get('https://example.com/'); }",
            "import http from 'k6/http';\nconst BASE = 'https://jslib.k6.io/';\nhttp.post(`${BASE}/import`, 'import x from \"https://a.b/c.js\"');",
            "// import { a } from 'https://jslib.k6.io/x.js'\nexport default function () {}",
            "/* require('https://jslib.k6.io/x.js') */ export default function () {}",
            "const re = /import 'https:\\/\\/x'/; export default function () { re.test('x'); }",
            "const importUrl = 'https://x/y.js'; const from = 'https://x/z.js';",
            "obj.require('https://x/y.js'); client.import('https://x/y.js');",
            "const m = import.meta; import { check } from 'k6'; import { pick } from './lib/util.js';",
            "const half = 1 / 2; const u = 'https://x/'; const q = 3 / 4;",
            "console.log(`import x from 'https://a/b.js' ${1 + 1} require('https://c/d.js')`);",
            "import x from 'k6/x/sql'; const y = require('./lib.js');"})
    void urlsThatAreOnlyDataAreNotModules(String script) {
        assertThat(RemoteImports.in(script)).isEmpty();
    }

    @Test
    void recordedScriptsThatCallUrlsHaveNoRemoteImports() throws IOException {
        String multiFile = """
                import http from 'k6/http';
                import { check } from 'k6';
                import { SharedArray } from 'k6/data';
                import { pick, userAgent } from './lib/util.js';

                const users = new SharedArray('users', () => open('./data/users.csv').split('\\n').slice(1).filter((l) => l));
                export default function () {
                  const r = http.post('http://127.0.0.1:18080' + '/orders', JSON.stringify({ user: pick(users, __ITER) }),
                      { headers: { 'User-Agent': userAgent() } });
                  check(r, { 'created': (x) => x.status === 201 });
                }
                """;
        assertThat(RemoteImports.in(multiFile)).isEmpty();
    }

    @Test
    void theLineOfEachImportIsReported() {
        String script = "import http from 'k6/http';\n/* two\nlines */\nimport a from 'https://a.example/a.js';\n"
                + "const t = `x\ny`;\nconst b = require(\"http://b.example/b.js\");\n";

        assertThat(RemoteImports.in(script)).containsExactly(
                new Found("https://a.example/a.js", 4), new Found("http://b.example/b.js", 7));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RemoteImportsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
