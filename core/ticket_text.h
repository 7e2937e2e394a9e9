// What a support ticket says about the problem: its subject and body without what every email
// carries (greetings, sign-offs and signatures, quoted earlier messages, forwarded headers, "Sent from
// my iPhone") and without the numbers that name an order or a person (order and case numbers, phone
// numbers, e-mail addresses, links). Error codes and messages stay: customers paste them, and articles
// name them.
#pragma once

#include <string>
#include <string_view>

namespace kb {

struct TicketText {
  std::string subject;
  std::string body;
};

TicketText problem_text(std::string_view subject, std::string_view body);

}  // namespace kb
