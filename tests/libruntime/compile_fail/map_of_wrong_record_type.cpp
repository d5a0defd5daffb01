// expect: weir: map expects a function `Out\(const T&\)`
#include "weir/api.hpp"
void job(weir::environment& env) {
  env.from_collection(std::vector<int>{1}).map([](const std::string& s) { return s; });
}
