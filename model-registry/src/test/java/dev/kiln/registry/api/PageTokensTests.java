package dev.kiln.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageTokensTests {
    @Test
    void tokenCarriesItsKeysBackOpaquely() {
        String token = PageTokens.encode("2026-01-01T00:00:00.123456Z", "42");
        assertThat(token).doesNotContain("2026").doesNotContain("=");
        assertThat(PageTokens.decode(token, 2)).containsExactly("2026-01-01T00:00:00.123456Z", "42");
        assertThat(PageTokens.decode(null, 2)).isNull();
    }

    @Test
    void foreignOrTamperedTokensAreRefusedNamingPageToken() {
        String otherShape = PageTokens.encode("only-one");
        String handMade = Base64.getUrlEncoder().encodeToString("9\na\nb".getBytes(StandardCharsets.UTF_8));
        for (String token : new String[] {"not base64!", otherShape, handMade}) {
            assertThatThrownBy(() -> PageTokens.decode(token, 2)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(e.field()).isEqualTo("page_token");
            });
        }
    }

    @Test
    void limitMustBeInRange() {
        assertThat(PageTokens.limit(null, 20, 100)).isEqualTo(20);
        assertThat(PageTokens.limit(100, 20, 100)).isEqualTo(100);
        assertThatThrownBy(() -> PageTokens.limit(101, 20, 100)).hasMessage("limit must be between 1 and 100, got 101");
    }
}
