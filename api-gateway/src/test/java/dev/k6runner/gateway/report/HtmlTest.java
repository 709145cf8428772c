package dev.k6runner.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class HtmlTest {

    @Test
    void textAndAttributeValuesAreEscapedWhateverTheyHold() {
        String attack = "\"><script>alert('x')</script>&";

        String html = Html.el("p").attr("title", attack).text(attack).render();

        assertThat(html).isEqualTo("<p title=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;\">"
                + "&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>");
    }

    @Test
    void elementAndAttributeNamesAreCodeSoANameFromDataIsRefused() {
        assertThatThrownBy(() -> Html.el("p onclick=alert(1)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Html.el("p").attr("x\" onload=\"y", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullChildrenAndValuesAreLeftOutSoOptionalPartsNeedNoIf() {
        assertThat(Html.el("div").add((Html) null).text(null).attr("id", null).render()).isEqualTo("<div></div>");
        assertThat(Html.el("meta").attr("charset", "utf-8").render()).isEqualTo("<meta charset=\"utf-8\">");
        assertThat(Html.el("td").cls("num").cls("num bad").render()).isEqualTo("<td class=\"num bad\"></td>");
    }

    @Test
    void jsonInAScriptElementCannotCloseItAndReadsBackTheSame() {
        String json = JsonMapper.builder().build().writeValueAsString(java.util.Map.of("name", "</script><!-- & \u2028"));

        String inert = HtmlPage.inertJson(json);

        assertThat(inert).doesNotContain("<", ">", "&", "\u2028");
        assertThat(JsonMapper.builder().build().readTree(inert).get("name").asString()).isEqualTo("</script><!-- & \u2028");
    }
}
