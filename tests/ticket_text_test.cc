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
        "Hello, my phone no longer syncs mail since the update.");
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
