// expect: weir: a map function must return the mapped record
#include "weir/api.hpp"
void job(weir::environment& env) {
  env.from_collection(std::vector<int>{1}).map([](const int&) {});
}
