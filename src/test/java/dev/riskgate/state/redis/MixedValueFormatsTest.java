package dev.riskgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.state.Commit;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.formats.ReleasedFormats;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The next rolling deploy: instances that write Redis value format 3 ({@code StateForms}) beside instances of
 * this version, which write format 1 and read both. Histories, pending operations and compacted heads written
 * in either format read the same from either instance.
 */
class MixedValueFormatsTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Test
    void instancesWritingEitherFormatReadEachOthersState() {
        try (RedisStateStore three = RedisStateStore.open(redis.server.url(), "mix:", RedisValues.Layout.FORMS);
             RedisStateStore one = RedisStateStore.open(redis.server.url(), "mix:", RedisValues.Layout.EARLIER);
             RedisStateStore alone = RedisStateStore.open(redis.server.url(), "alone:")) {
            List<Commit> commits = new ArrayList<>(ReleasedFormats.first());
            commits.addAll(ReleasedFormats.second());
            commits.addAll(ReleasedFormats.many());
            for (int i = 0; i < commits.size(); i++) {
                (i % 2 == 0 ? three : one).apply(commits.get(i));
                alone.apply(commits.get(i));
            }
            StateKeys many = ReleasedFormats.many().get(0).keys();
            three.snapshot(many); // compacts the device's 70 entries into a folded head in format 3
            try (RedisClient client = RedisClient.create(redis.server.url());
                 StatefulRedisConnection<String, byte[]> raw = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
                byte[] head = raw.sync().lindex("mix:d:" + many.deviceId(), 0);
                assertThat(new byte[] {head[0], head[1]}).as("the device's head: format 3, a folded state")
                        .containsExactly(RedisValues.Layout.FORMS.format, (byte) 2);
            }
            three.applyUntil(ReleasedFormats.pending(), RedisStateStore.Step.RECORD); // p in format 3
            alone.apply(ReleasedFormats.pending());

            // A lookup finishes a pending commit: here the instance writing format 1 finishes one in format 3.
            assertThat(one.decision("evt-p")).isEqualTo(alone.decision("evt-p"));

            List<StateKeys> all = new ArrayList<>(ReleasedFormats.allKeys());
            all.add(many);
            all.add(ReleasedFormats.pending().keys());
            for (RedisStateStore reader : List.of(one, three)) {
                for (StateKeys k : all) {
                    dev.riskgate.state.Snapshot read = reader.snapshot(k);
                    dev.riskgate.state.Snapshot expected = alone.snapshot(k);
                    assertThat(read.account()).as("account of %s", k).isEqualTo(expected.account());
                    assertThat(read.device()).as("device of %s", k).isEqualTo(expected.device());
                    assertThat(read.store()).as("store of %s", k).isEqualTo(expected.store());
                    assertThat(read.decision()).as("record of %s", k).isEqualTo(expected.decision());
                    assertThat(reader.decision(k.eventId())).as("decision %s", k.eventId())
                            .isEqualTo(alone.decision(k.eventId()));
                }
            }
        }
    }
}
