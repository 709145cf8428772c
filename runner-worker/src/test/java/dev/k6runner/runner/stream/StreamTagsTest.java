package dev.k6runner.runner.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which system tags a runner's k6 keeps: the digest's, every key a threshold selects by, never more than k6's defaults. */
class StreamTagsTest {

    private static final String DIGEST_ONLY = "status,method,name,group,check,scenario,expected_response";
    /** What real k6 v0.49's {@code inspect --execution-requirements} prints when the script chose none (by hand). */
    private static final List<String> PRINTED_DEFAULTS = List.of("check", "error", "error_code", "expected_response",
            "group", "method", "name", "proto", "scenario", "service", "status", "subproto", "tls_version", "url");

    @Test
    void withoutSelectorsTheDigestsTagsAreKeptInK6sOrder() {
        assertThat(StreamTags.flagValue(List.of("http_req_duration", "checks"), null)).contains(DIGEST_ONLY);
        assertThat(StreamTags.flagValue(List.of(), PRINTED_DEFAULTS)).contains(DIGEST_ONLY);
    }

    @Test
    void everyDefaultTagAThresholdSelectsByStaysOnSoK6sVerdictCannotChange() {
        assertThat(StreamTags.flagValue(List.of("http_req_duration{url:http://x/?a=1,error_code:1211}",
                "http_reqs{ proto : HTTP/1.1 }", "http_req_failed{\"tls_version\":tls1.3}"), PRINTED_DEFAULTS))
                .contains("proto,status,method,url,name,group,check,error_code,tls_version,scenario,expected_response");
        assertThat(StreamTags.flagValue(List.of("checks{group:::checkout}"), null)).contains(DIGEST_ONLY);
    }

    @Test
    void aSelectorOnATagK6DoesNotWriteByDefaultIsNotTurnedOn() {
        // by default such a sub-metric matches nothing; turning the tag on would change what it matches
        assertThat(StreamTags.flagValue(List.of("http_req_duration{ip:127.0.0.1}", "iterations{vu:1}",
                "http_reqs{team:payments}"), null)).contains(DIGEST_ONLY);
    }

    @Test
    void aScriptThatChoseItsOwnSystemTagsKeepsThem() {
        assertThat(StreamTags.flagValue(List.of(), List.of("method", "url"))).isEmpty();
        assertThat(StreamTags.flagValue(List.of(), List.of())).isEmpty();
        assertThat(StreamTags.flagValue(List.of(), PRINTED_DEFAULTS.subList(1, PRINTED_DEFAULTS.size()))).isEmpty();
    }

    @Test
    void selectorKeysAreSplitAsK6ParsesThresholdNames() {
        assertThat(StreamTags.selectorKeys("http_req_duration")).isEmpty();
        assertThat(StreamTags.selectorKeys("http_req_duration{name:a:b,status:200}")).containsExactly("name", "status");
        assertThat(StreamTags.selectorKeys("my_trend{ 'url' :x}")).containsExactly("url");
    }
}
