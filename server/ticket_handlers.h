// POST /api/v1/suggest: the articles that answer a support ticket, for agents' tools and helpdesk
// integrations. Tickets are not recorded anywhere: they name customers.
#pragma once

#include <httplib.h>

#include "app.h"

namespace kb {

// Body (application/json): {"subject": "...", "body": "...", "language": "te", "product": "KR-1800",
// "limit": 5}; only one of subject and body is needed. Answers the articles in the customer's language
// where any matches, each with the ticket's words it has, its canonical and short URLs.
void api_ticket_suggest(const httplib::Request& req, httplib::Response& res, App& app);

}  // namespace kb
