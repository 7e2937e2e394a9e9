#include "markdown_labels.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace kb {

namespace {

struct LanguageWords {
  std::string_view language;  // primary subtag
  RendererWords words;
};

// The labels Microsoft Learn and GitHub show for their alerts where they are localised, else the
// common word; the languages of our articles and of the real corpora we test with.
constexpr LanguageWords kWords[] = {
    {"en", {"Note", "Tip", "Important", "Warning", "Caution", "Video", "Back to content"}},
    {"bn", {"নোট", "পরামর্শ", "গুরুত্বপূর্ণ", "সতর্কতা", "সাবধান", "ভিডিও", "বিষয়বস্তুতে ফিরে যান"}},
    {"de", {"Hinweis", "Tipp", "Wichtig", "Warnung", "Vorsicht", "Video", "Zurück zum Inhalt"}},
    {"es", {"Nota", "Sugerencia", "Importante", "Advertencia", "Precaución", "Vídeo", "Volver al contenido"}},
    {"fr", {"Remarque", "Conseil", "Important", "Avertissement", "Attention", "Vidéo", "Retour au contenu"}},
    {"hi", {"नोट", "सुझाव", "महत्वपूर्ण", "चेतावनी", "सावधानी", "वीडियो", "सामग्री पर वापस जाएँ"}},
    {"ja", {"注", "ヒント", "重要", "警告", "注意", "ビデオ", "本文に戻る"}},
    {"ko", {"참고", "팁", "중요", "경고", "주의", "동영상", "본문으로 돌아가기"}},
    {"lt", {"Pastaba", "Patarimas", "Svarbu", "Įspėjimas", "Atsargiai", "Vaizdo įrašas", "Grįžti į turinį"}},
    {"lv", {"Piezīme", "Padoms", "Svarīgi", "Brīdinājums", "Uzmanību", "Video", "Atpakaļ uz saturu"}},
    {"pa", {"ਨੋਟ", "ਸੁਝਾਅ", "ਮਹੱਤਵਪੂਰਨ", "ਚੇਤਾਵਨੀ", "ਸਾਵਧਾਨੀ", "ਵੀਡੀਓ", "ਸਮੱਗਰੀ ਤੇ ਵਾਪਸ ਜਾਓ"}},
    {"pt", {"Observação", "Dica", "Importante", "Aviso", "Cuidado", "Vídeo", "Voltar ao conteúdo"}},
    {"ru", {"Примечание", "Совет", "Важно", "Предупреждение", "Внимание", "Видео", "Назад к тексту"}},
    {"ta", {"குறிப்பு", "உதவிக்குறிப்பு", "முக்கியம்", "எச்சரிக்கை", "கவனம்", "காணொளி", "உள்ளடக்கத்துக்குத் திரும்பு"}},
    {"te", {"గమనిక", "చిట్కా", "ముఖ్యమైనది", "హెచ్చరిక", "జాగ్రత్త", "వీడియో", "విషయానికి తిరిగి వెళ్ళండి"}},
    {"zh", {"备注", "提示", "重要", "警告", "注意", "视频", "返回正文"}},
};

}  // namespace

const RendererWords& renderer_words(std::string_view language) {
  std::string primary(language.substr(0, language.find_first_of("-_")));
  std::transform(primary.begin(), primary.end(), primary.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto found = std::find_if(std::begin(kWords), std::end(kWords),
                                  [&](const LanguageWords& entry) { return entry.language == primary; });
  return found == std::end(kWords) ? kWords[0].words : found->words;
}

}  // namespace kb
