// "Was this helpful?": the form under every article and the votes it sends, as a plain HTML form
// (works without JavaScript) and as JSON (the page's script, or any client).
#pragma once

#include <httplib.h>

#include "app.h"
#include "render.h"
#include "stored_article.h"

namespace kb {

// The form's data for the article template, with the thank-you (or other) note after a vote.
// Empty when insights are off, so the template shows no form.
PageData feedback_form(const httplib::Request& req, const App& app, const StoredArticle& article);

// POST /{lang}/articles/{slug}/votes (form fields helpful=yes|no, reason): 303 back to the article.
void post_vote_form(const httplib::Request& req, httplib::Response& res, App& app);
// POST /api/v1/articles/{slug}/votes {"helpful": false, "reason": "…", "language": "en"}: 202.
void api_post_vote(const httplib::Request& req, httplib::Response& res, App& app);

}  // namespace kb
