package com.genpicz.common.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.events.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {

    @Test
    void everyTopicNameStartsWithThePrefixAndCarriesAMajorVersion() {
        List<TopicSpec> topics = new TopicCatalog("test-1.").all();

        assertThat(topics).extracting(TopicSpec::name)
                .doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).startsWith("test-1.").endsWith(".v1"));
    }

    @Test
    void everyEventTypeHasATopicApartFromTheDeadLetterTopic() {
        TopicCatalog catalog = TopicCatalog.withDefaultPrefix();

        List<EventType> carried = catalog.all().stream()
                .filter(topic -> !topic.equals(catalog.deadLetter()))
                .flatMap(topic -> topic.valueTypes().stream())
                .toList();

        assertThat(carried).containsExactlyInAnyOrder(EventType.values());
    }

    @Test
    void onlyTheUsageTopicIsCompactedAndItCarriesNoEvents() {
        TopicCatalog catalog = TopicCatalog.withDefaultPrefix();

        assertThat(catalog.all()).filteredOn(topic -> topic.cleanup() == TopicSpec.Cleanup.COMPACT)
                .containsExactly(catalog.usage());
        assertThat(catalog.usage().valueTypes()).isEmpty();
    }

    @Test
    void outcomesCarryBothCompletedAndFailedGenerations() {
        assertThat(TopicCatalog.withDefaultPrefix().generationOutcomes().valueTypes())
                .containsExactlyInAnyOrder(EventType.GENERATION_COMPLETED, EventType.GENERATION_FAILED);
    }

    @Test
    void onlyTopicsThatCarryImagesAllowSixteenMebibyteRecords() {
        TopicCatalog catalog = TopicCatalog.withDefaultPrefix();

        assertThat(catalog.all()).filteredOn(topic -> topic.maxMessageBytes() == TopicCatalog.IMAGE_RECORD_MAX_BYTES)
                .containsExactlyInAnyOrder(catalog.imageRendered(), catalog.deadLetter());
    }
}
