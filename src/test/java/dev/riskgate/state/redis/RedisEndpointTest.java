package dev.riskgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void aRedisUrlIsOneServer() {
        RedisEndpoint one = RedisEndpoint.parse("rediss://:secret@cache:6380");

        assertThat(one.cluster()).isFalse();
        assertThat(one.nodes()).extracting(RedisURI::getHost).containsExactly("cache");
        assertThat(one.where()).isEqualTo("rediss://cache:6380").doesNotContain("secret");
    }

    @Test
    void aClusterUrlListsItsSeedsWithThePasswordForEach() {
        RedisEndpoint seeds = RedisEndpoint.parse("redis-cluster://:secret@node-a:7000,node-b:7001");

        assertThat(seeds.cluster()).isTrue();
        assertThat(seeds.nodes()).extracting(u -> u.getHost() + ":" + u.getPort()).containsExactly("node-a:7000", "node-b:7001");
        assertThat(seeds.nodes()).allSatisfy(u -> assertThat(u.getCredentialsProvider()).isNotNull());
        assertThat(seeds.where()).isEqualTo("redis-cluster://node-a:7000,node-b:7001");
        assertThat(RedisEndpoint.parse("rediss-cluster://node-a:7000").nodes()).allSatisfy(u -> assertThat(u.isSsl()).isTrue());
    }

    @Test
    void severalHostsWithoutTheClusterSchemeAreRefused() {
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://node-a:7000,node-b:7001"))
                .hasMessageContaining("redis-cluster://");
        assertThat(RedisEndpoint.parse("redis://:pa,ss@cache:6379").cluster()).as("a comma in a password is not a host").isFalse();
    }

    @Test
    void anUnknownSchemeIsRefused() {
        assertThatThrownBy(() -> RedisEndpoint.parse("cache:6379")).hasMessageContaining("must start with redis://");
    }
}
