#define BOOST_TEST_MODULE weir
#include <boost/test/unit_test.hpp>
