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
  batch.setPayload(capnp::Data::Reader(reinterpret_cast<const capnp::byte*>("abc"), 3));
  auto words = capnp::messageToFlatArray(builder);

  capnp::FlatArrayMessageReader reader(words.asPtr());
  auto read = reader.getRoot<weir::wire::ChannelEvent>();
  BOOST_REQUIRE(read.isBatch());
  BOOST_TEST(read.getBatch().getChannel() == 3u);
  BOOST_TEST(read.getBatch().getRecordCount() == 2u);
  BOOST_TEST(read.getBatch().getPayload().size() == 3u);
}

BOOST_AUTO_TEST_CASE(credit_and_control_are_distinct_union_members) {
  capnp::MallocMessageBuilder builder;
  auto event = builder.initRoot<weir::wire::ChannelEvent>();
  event.initCredit().setBatches(4);
  BOOST_TEST(event.asReader().isCredit());
  BOOST_TEST(!event.asReader().isControl());
  BOOST_TEST(event.asReader().getCredit().getBatches() == 4u);

  auto control = event.initControl();
  control.setKind(weir::wire::ControlKind::BARRIER);
  control.setValue(7);
  BOOST_TEST(event.asReader().isControl());
  BOOST_TEST((event.asReader().getControl().getKind() == weir::wire::ControlKind::BARRIER));
}

BOOST_AUTO_TEST_SUITE_END()
