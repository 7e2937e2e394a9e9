// What a ticket says about the problem: greetings, signatures, quoted replies and identifiers left out.
#include <doctest/doctest.h>

#include <string>

#include "ticket_text.h"

using kb::problem_text;

TEST_CASE("a ticket keeps the customer's problem and drops the letter around it") {
  const auto text = problem_text(
      "RE: FW: Outlook keeps asking for my password",
      "Hi team,\n\n"
      "Since Monday Outlook 2016 (version 16.0.4266.1001) asks for my password every few minutes.\n"
      "Error 0x800CCC0E, and sometimes -2147467259.\n"
      "Order #A-20931, case no. 118-442, see https://portal.example.com/t/5 or mail me at bob@example.com.\n"
      "> On Mon, 3 Nov 2026, Support <help@example.com> wrote:\n"
      "> Did you restart?\n"
      "On Mon, 3 Nov 2026, Support wrote:\n"
      "Sent from my iPhone\n"
      "Thanks in advance!\n"
      "Bob Smith\n"
      "IT lead, Halden Logistics\n"
      "+44 20 7946 0321\n");
  CHECK(text.subject == "Outlook keeps asking for my password");
  CHECK(text.body ==
        "Since Monday Outlook 2016 (version 16.0.4266.1001) asks for my password every few minutes.\n"
        "Error 0x800CCC0E, and sometimes -2147467259.\n"
        "see or mail me at");
}

TEST_CASE("signatures, earlier messages and forwarded headers end or leave the problem") {
  CHECK(problem_text("", "The calendar is empty.\n-- \nBob\nHalden").body == "The calendar is empty.");
  CHECK(problem_text("", "Sync fails.\n-----Original Message-----\nFrom: Support\nTry again").body == "Sync fails.");
  CHECK(problem_text("", "See below.\n---------- Forwarded message ---------\nFrom: Mailer\nSubject: Undeliverable\n"
                         "Date: today\nYour message could not be delivered.")
            .body == "See below.\nYour message could not be delivered.");
  // A greeting only opens a ticket; a sign-off only closes one after the problem.
  CHECK(problem_text("", "Thanks for the quick reply yesterday, but the sync still fails.\nRegards,\nAnna").body ==
        "Thanks for the quick reply yesterday, but the sync still fails.");
  CHECK(problem_text("", "Hello, my phone no longer syncs mail since the update.").body ==
        "my phone no longer syncs mail since the update.");
  CHECK(problem_text("", "Dear Support,\nBest way to share a calendar?\nBest,\nJo").body ==
        "Best way to share a calendar?");
}

TEST_CASE("greetings and sign-offs in the readers' languages") {
  CHECK(problem_text("", "నమస్కారం,\nనా రౌటర్ పాస్‌వర్డ్ మర్చిపోయాను.\nధన్యవాదాలు,\nరవి").body == "నా రౌటర్ పాస్‌వర్డ్ మర్చిపోయాను.");
  CHECK(problem_text("", "नमस्ते,\nराउटर रीसेट नहीं हो रहा।\nधन्यवाद\nअमित").body == "राउटर रीसेट नहीं हो रहा।");
  CHECK(problem_text("", "Labdien!\nMaršrutētājs nestrādā.\nAr cieņu,\nAnna").body == "Maršrutētājs nestrādā.");
  CHECK(problem_text("", "ਸਤ ਸ੍ਰੀ ਅਕਾਲ,\nਰਾਊਟਰ ਕੰਮ ਨਹੀਂ ਕਰਦਾ।\nਧੰਨਵਾਦ").body == "ਰਾਊਟਰ ਕੰਮ ਨਹੀਂ ਕਰਦਾ।");
}

TEST_CASE("long and hostile text is read in one pass") {
  // Runs that a backtracking pattern would choke on: digits and separators, an address without end.
  const std::string digits(200000, '7');
  std::string mixed;
  for (int i = 0; i < 50000; ++i) mixed += "1-2 ";
  const auto text = problem_text(std::string(10000, '('), "order " + digits + "\n" + mixed + "\nhttp://" + digits);
  CHECK(text.body.empty());
  CHECK(problem_text("", std::string(100000, '\n')).body.empty());
  CHECK(problem_text("", "").body.empty());
}

TEST_CASE("a greeting on the problem's own line costs only the greeting") {
  CHECK(problem_text("", "Hello, Wi-Fi drops hourly.").body == "Wi-Fi drops hourly.");
  CHECK(problem_text("", "Dear support, the app crashes").body == "the app crashes");
  CHECK(problem_text("", "Sveiki, wifi nestrādā").body == "wifi nestrādā");
  CHECK(problem_text("", "Hi team, router keeps rebooting\n\nBest,\nAnn").body == "router keeps rebooting");
  CHECK(problem_text("", "Hi, Outlook keeps crashing\nThanks,\nBob").body == "Outlook keeps crashing");
  CHECK(problem_text("", "Hi I cannot log in since Monday").body == "Hi I cannot log in since Monday");
  // A no-break space (mail turned into text) is a space.
  CHECK(problem_text("", "Hi,\u00a0the router keeps\u00a0rebooting").body == "the router keeps rebooting");
  // A sign-off before anything was said is skipped, not searched.
  CHECK(problem_text("", "Thanks!\nThe router reboots at night.").body == "The router reboots at night.");
}

TEST_CASE("a sign-off ends the problem only when a signature follows it") {
  CHECK(problem_text("", "Router reboots at night.\nBest guess: firmware?\nApp shows error 12.").body ==
        "Router reboots at night.\nBest guess: firmware?\nApp shows error 12.");
  CHECK(problem_text("", "Router reboots.\nThanks.\nAlso the app cannot log in, it says the session expired and "
                         "asks me to sign in again every time.")
            .body == "Router reboots.\nAlso the app cannot log in, it says the session expired and asks me to sign "
                     "in again every time.");
  CHECK(problem_text("", "Thanks to the update, the app now crashes.").body ==
        "Thanks to the update, the app now crashes.");
}

TEST_CASE("an earlier message quoted without '>' is not searched") {
  CHECK(problem_text("", "Still broken, the router reboots.\n\nOn Mon, 3 Nov 2026, Kestrel Support "
                         "<help@example.com> wrote:\nYour invoice was refunded and your subscription cancelled.")
            .body == "Still broken, the router reboots.");
  // Gmail wraps a long attribution line.
  CHECK(problem_text("", "Still broken.\nOn Mon, 3 Nov 2026 at 10:02, Kestrel Support <help@example.com>\nwrote:\n"
                         "Please cancel your subscription.")
            .body == "Still broken.");
  CHECK(problem_text("", "Still broken.\nFrom: Kestrel Support\nSent: Monday\nTo: Bob\nSubject: Refund\n"
                         "Your refund was sent.")
            .body == "Still broken.");
}

TEST_CASE("error codes stay, numbers that name an order or a person go") {
  CHECK(problem_text("", "Excel shows #DIV/0! and (-2147467259), setup ends with 1603 1618 1619.").body ==
        "Excel shows #DIV/0! and (-2147467259), setup ends with 1603 1618 1619.");
  CHECK(problem_text("", "My account 2FA code never arrives; ticket #5521 and order A-20931 too.").body ==
        "My account 2FA code never arrives; and too.");
  CHECK(problem_text("", "Call me on (020) 7946-0321 or +44 20 7946 0321 about it.").body == "Call me on or about it.");
}
