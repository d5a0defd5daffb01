#include "weir/flow/operator_base.hpp"

#include "weir/flow/side_slot.hpp"

namespace weir::flow {

void operator_base::connect_side_output(const std::string& tag,
                                        std::unique_ptr<side_slot_base>) {
  // Only process operators have side outputs; the API offers get_side_output only on them.
  fail(errc::invalid_plan, "has no side output '" + tag + "'");
}

} // namespace weir::flow
