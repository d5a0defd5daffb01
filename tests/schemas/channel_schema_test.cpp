#include <boost/test/unit_test.hpp>

#include <capnp/message.h>
#include <capnp/serialize.h>

#include "weir/wire/channel.capnp.h"

BOOST_AUTO_TEST_SUITE(channel_schema_test)

BOOST_AUTO_TEST_CASE(a_record_batch_event_survives_a_round_trip_through_bytes) {
  capnp::MallocMessageBuilder builder;
  auto event = builder.initRoot<weir::wire::ChannelEvent>();
  auto batch = event.initBatch();
  batch.setChannel(3);
  batch.setRecordCount(2);
  auto records = batch.initRecords(2);
  records.set(0, capnp::Data::Reader(reinterpret_cast<const capnp::byte*>("ab"), 2));
  records.set(1, capnp::Data::Reader(reinterpret_cast<const capnp::byte*>("c"), 1));
  auto words = capnp::messageToFlatArray(builder);

  capnp::FlatArrayMessageReader reader(words.asPtr());
  auto read = reader.getRoot<weir::wire::ChannelEvent>();
  BOOST_REQUIRE(read.isBatch());
  BOOST_TEST(read.getBatch().getChannel() == 3u);
  BOOST_TEST(read.getBatch().getRecords().size() == 2u);
  BOOST_TEST(read.getBatch().getRecords()[1].size() == 1u);
}

BOOST_AUTO_TEST_CASE(credit_and_end_of_stream_are_distinct_union_members) {
  capnp::MallocMessageBuilder builder;
  auto event = builder.initRoot<weir::wire::ChannelEvent>();
  event.initCredit().setBatches(4);
  BOOST_TEST(event.asReader().isCredit());
  BOOST_TEST(!event.asReader().isEndOfStream());
  BOOST_TEST(event.asReader().getCredit().getBatches() == 4u);
}

BOOST_AUTO_TEST_SUITE_END()
