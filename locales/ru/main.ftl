# Invitely — русский

## Каркас
skip-to-content = Перейти к содержимому
nav-label = Основная навигация
nav-menu = Меню
nav-users = Пользователи
nav-invitations = Приглашения
nav-departments = Отделы
nav-organisations = Организации
nav-platform-settings = Настройки платформы
sign-out = Выйти
switch-org = Сменить организацию
customer-number-short = № { $number }
save = Сохранить
create = Создать
cancel = Отмена

## Ошибки
error-summary-title = Есть ошибки
error-home = На главную
error-request-id = Номер запроса
error-400-title = Запрос не удалось разобрать
error-400-text = Вернитесь назад и попробуйте ещё раз.
error-check-box-text = Флажок отправлен со значением, которого он не принимает. Отмеченный флажок — 1, true, on или yes; неотмеченный — 0, false, off или no. Ничего не сохранено.
error-403-title = Доступ запрещён
error-403-text = У вас нет доступа к этой странице. Войдите под другой учётной записью или обратитесь к администратору.
error-404-title = Страница не найдена
error-404-text = Страница не существует или у вас нет к ней доступа.
error-409-title = Действие не выполнено
error-409-text = Данные успели измениться. Обновите страницу и попробуйте ещё раз.
error-413-title = Слишком много данных
error-413-text = Отправленные данные слишком велики. Ничего не сохранено.
error-429-title = Слишком много попыток
error-429-text = Подождите { $minutes ->
    [one] { $minutes } минуту
    [few] { $minutes } минуты
   *[many] { $minutes } минут
} и попробуйте снова.
error-500-title = Что-то пошло не так
error-500-text = Произошла непредвиденная ошибка. Данные не потеряны, попробуйте ещё раз. Если ошибка повторяется, сообщите администратору номер запроса ниже.
error-503-title = Сервис занят
error-503-text = Сервер сейчас перегружен. Попробуйте через несколько секунд.
error-503-after-text = Сервер перегружен и не смог показать эту страницу. Отправленное вами, возможно, уже выполнено: проверьте, прежде чем отправлять снова.
error-csrf-title = Форма устарела
error-csrf-text = В целях безопасности эту форму больше нельзя отправить. Обновите страницу и отправьте её снова.

## Ошибки полей
err-too-long = Не больше { $max } символов.
err-length = Введите от { $min } до { $max } символов.
err-required = Заполните это поле.
err-email-malformed = Введите адрес электронной почты вида name@example.com.
err-email-taken = В этой организации уже есть пользователь с таким адресом.
err-phone-malformed = Введите номер телефона с кодом страны, например +7 905 111-11-11.
err-phone-no-country-code = В номере нет кода страны. Запишите его как 79051111111 или +7 905 111-11-11.
err-phone-taken = В этой организации уже есть пользователь с таким номером.
err-kind = Выберите: сотрудник или заказчик.
err-department = Выберите отдел из списка.
err-department-taken = Отдел с таким названием уже есть.
err-password-short = Пароль должен содержать не менее 8 символов.
err-password-long = Пароль должен содержать не более 128 символов.
err-password-common = Этот пароль слишком распространён. Выберите другой.
err-password-mismatch = Пароли не совпадают.
err-seat-limit = Введите целое число мест от 1 до { $max }.
err-daily-limit = Введите целое число приглашений в день от 1 до { $max }.
err-customer-number-taken = Этот номер клиента уже занят другой организацией.
err-org-name-required = Введите название организации.
err-customer-number-required = Введите номер клиента.

## Вход и первичная настройка
login-title = Вход
login-submit = Войти
login-failed = Неверный адрес почты, номер телефона или пароль.
field-email = Электронная почта
field-password = Пароль
field-new-password = Новый пароль
field-password-confirm = Повторите пароль
password-hint = Не менее 8 символов. Фразу из нескольких слов легко запомнить и трудно угадать.
setup-title = Создание оператора платформы
setup-intro = Эта одноразовая ссылка создаёт первую учётную запись, которая управляет организациями платформы.
setup-submit = Создать учётную запись
setup-done = Учётная запись оператора готова.
setup-invalid-title = Эту ссылку нельзя использовать
setup-invalid-text = Ссылка неизвестна, уже использована или устарела. Выполните на сервере «invitely create-admin --email …», чтобы получить новую.

## Главная
home-title = Главная
home-welcome = Вы работаете в организации { $org } (номер клиента { $number }).
home-no-org = Вы не состоите ни в одной организации. Можно сменить язык или выйти из учётной записи.
restricted-banner = Администратор ещё не выдал вам права доступа. Пока вы можете изменить настройки или сменить организацию.
orgs-title = Выберите организацию

## Пользователи
users-title = Пользователи
users-new = Новый пользователь
users-empty = Пользователей пока нет. Создайте пользователя или импортируйте CSV.
users-none-match = Нет пользователей, подходящих под фильтры.
users-past-end = Такой страницы нет: список короче.
users-first-page = К первой странице
users-selected = { $count ->
    [one] Выбран { $count } пользователь
    [few] Выбрано { $count } пользователя
   *[many] Выбрано { $count } пользователей
}
user-card-title = Пользователь
user-created = Пользователь создан.
user-saved = Изменения сохранены.
user-invitation-withdrawn = Контактные данные изменились, поэтому открытое приглашение отозвано. Отправьте новое.
filters-label = Фильтры
filters-toggle = Фильтры
filter-status = Статус приглашения
filter-kind = Тип
filter-department = Отдел
filter-any = Все
filter-apply = Применить фильтры
search-label = Поиск пользователей
search-placeholder = Имя, почта или телефон
search-submit = Найти
status-all = Все
status-not-invited = Не приглашён
status-waiting = Ожидает отправки
status-invited = Пользователь приглашён
status-error = Ошибка
status-active = Активен
kind-employee = Сотрудник
kind-customer = Заказчик
col-name = Имя
col-email = Почта
col-phone = Телефон
col-kind = Тип
col-department = Отдел
col-status = Статус
col-last-invited = Последнее приглашение
col-created = Создано
col-channel = Канал
col-recipient = Получатель
col-sent = Отправлено
col-expires = Действует до
col-actions = Действия
pager-label = Страницы
pager-prev = Назад
pager-next = Вперёд
pager-page = Страница { $page }
pager-range = { $first }–{ $last } из { $total }
pager-size = Строк на странице:
bulk-send = Отправить приглашение
row-invite = Пригласить
row-invite-again = Пригласить снова
bulk-select-page = Выбрать всех на странице
bulk-all-matching = Выбрать всех подходящих под фильтр: { $count }
bulk-none-selected = Сначала выберите хотя бы одного пользователя.
bulk-nothing-matched = Ничего не отправлено: ни один пользователь не подошёл под выбор.
bulk-too-many = Выбрано больше { $max } пользователей — ничего не отправлено. Сузьте фильтр (по статусу, типу или отделу) и отправьте снова.
bulk-queued = { $count ->
    [0] Ни одно приглашение не поставлено в очередь.
    [one] { $count } приглашение поставлено в очередь.
    [few] { $count } приглашения поставлены в очередь.
   *[many] { $count } приглашений поставлено в очередь.
}
bulk-skipped = Пропущено: { $count } — { $reason }
bulk-send-first = { $count ->
    [1] Отправить первому сейчас
   *[other] Отправить сейчас первым: { $count }
}
limit-daily = { $remaining ->
    [0] Ничего не отправлено: на сегодня приглашений у вас не осталось. Повторите завтра.
    [one] Ничего не отправлено: на сегодня у вас осталось { $remaining } приглашение. Пригласите меньше людей или повторите завтра.
    [few] Ничего не отправлено: на сегодня у вас осталось { $remaining } приглашения. Пригласите меньше людей или повторите завтра.
   *[many] Ничего не отправлено: на сегодня у вас осталось { $remaining } приглашений. Пригласите меньше людей или повторите завтра.
}
limit-seats = { $remaining ->
    [0] Ничего не отправлено: свободных мест в организации не осталось.
    [one] Ничего не отправлено: в организации осталось { $remaining } свободное место.
    [few] Ничего не отправлено: в организации осталось { $remaining } свободных места.
   *[many] Ничего не отправлено: в организации осталось { $remaining } свободных мест.
}
reason-no-contact = нет почты и телефона
reason-no-email-email-only = нет почты (платформа отправляет приглашения только по почте)
reason-already-active = уже активен
reason-malformed-email = неверный адрес почты
reason-phone-no-country-code = телефон без кода страны
reason-malformed-phone = неверный номер телефона
field-first-name = Имя
field-last-name = Фамилия
field-phone = Телефон
field-kind = Тип
field-department = Отдел
field-none = Нет
field-position = Должность
field-roles = Роли
field-send-invitation = Отправить приглашение
hint-email-or-phone = Приглашение уходит на почту, а если почты нет — по SMS на телефон.
hint-email-only = Приглашение уходит на почту: эта платформа отправляет приглашения только по почте.
hint-phone = С кодом страны: +7 905 111-11-11 или 79051111111.
resend = Отправить приглашение повторно
# The row action in the invitations list: short, so that the actions column fits.
resend-row = Отправить снова

## Приглашения
invitations-title = Приглашения
invitations-history = Приглашения
invitations-none = Приглашений пока нет.
outbox-depth = Приглашений в очереди на отправку: { $count }
outbox-oldest = { $unit ->
    [minutes] самое давнее ждёт { $n } мин
    [hours] самое давнее ждёт { $n } ч
   *[days] самое давнее ждёт { $n } дн.
}
outbox-failed = Не доставлено: { $count }
istatus-queued = В очереди
istatus-pending = Ожидает принятия
istatus-expired = Истекло
status-note-link-expired = Срок действия ссылки истёк: отправьте приглашение снова.
istatus-accepted = Принято
istatus-revoked = Отозвано
istatus-failed = Ошибка отправки
channel-email = Почта
channel-sms = SMS
resend-selected = Отправить выбранные повторно
revoke = Отозвать
revoke-title = Отозвать приглашение?
revoke-text = Приглашение для { $name } ({ $recipient }) сразу перестанет действовать. Позже можно отправить новое.
revoke-confirm = Да, отозвать
invitation-revoked = Приглашение отозвано.
invitation-not-open = Это приглашение уже не действует.
revoke-closed-text = Приглашение для { $name } сейчас в состоянии «{ $status }»: отзывать нечего.
revoke-closed-back = К приглашениям

## Отделы
departments-title = Отделы
departments-empty = Отделов пока нет.
departments-add = Добавить отдел
field-department-name = Название
department-created = Отдел «{ $name }» создан.

## Платформа
platform-orgs-title = Организации
platform-orgs-empty = Организаций пока нет. Создайте первую ниже.
platform-orgs-new = Новая организация
platform-orgs-create = Создать и пригласить администратора
field-org-name = Название
field-customer-number = Номер клиента
field-seat-limit = Лимит мест
field-daily-invite-limit = Приглашений на администратора в сутки
field-admin-email = Почта первого администратора
hint-seat-limit = Активные участники вместе с открытыми приглашениями не могут превышать это число.
hint-daily-invite-limit = Каждый приглашающий может отправить не больше этого числа приглашений за 24 часа (повторные отправки тоже учитываются).
hint-admin-email = Этот человек получит приглашение и, приняв его, станет администратором организации.
org-created = Организация { $org } создана.
platform-settings-title = Настройки платформы
field-verification-method = Как отправлять приглашения
verification-email-or-phone = По почте, а если почты нет — по SMS
verification-email-only = Только по почте
settings-saved = Настройки сохранены.
nothing-changed = Ничего не изменилось: все значения остались прежними.

## Приглашённый
invite-title = Приглашение
invite-eyebrow = Вас приглашают в организацию
invite-customer-number = Номер клиента
invite-invited-by = Приглашает
invite-for = Приглашение для
invite-roles = Предлагаемые роли
invite-rights = Права
invite-rights-admin = Администратор: управляет пользователями, приглашениями и настройками организации
invite-valid-until = Действует до
invite-purpose = Приняв приглашение, вы получите доступ к организации { $org }.
invite-names-hint = У организации пока нет вашего имени: укажите хотя бы имя или фамилию.
invite-new-title = Задайте пароль
invite-err-name-required = Введите имя или фамилию, чтобы коллеги понимали, кто вы.
invite-account = Ваш логин
invite-new-submit = Принять приглашение
invite-existing-title = У вас уже есть учётная запись
invite-existing-text = У этого адреса уже есть учётная запись. Введите её пароль, чтобы принять приглашение: организация будет добавлена к этой учётной записи.
invite-existing-submit = Войти и принять
invite-accepted = Добро пожаловать! Теперь вы участник организации { $org }.
invite-wrong-account = Это приглашение может принять только та учётная запись, которой оно отправлено. Сначала выйдите.
invite-already-member = Эта учётная запись уже состоит в организации «{ $org }», поэтому приглашение не может добавить её второй раз. Войдите, чтобы работать в организации; администратор может отозвать это приглашение.
invite-already-member-title = Вы уже участник
invite-already-member-go = К вашим организациям
invite-already-member-sign-in = Войти
link-valid-title = Приглашение
link-valid-text = Приглашение действительно.
link-expired-title = Срок действия приглашения истёк
link-expired-text = Ссылка действовала ограниченное время. Попросите администратора, который вас пригласил, отправить новое приглашение.
link-used-title = Это приглашение уже использовано
link-used-text = Приглашение уже принято. Войдите под своей учётной записью.
link-used-text-signed-in = Приглашение уже принято: если оно было вашим, организация уже есть в вашей учётной записи.
link-revoked-title = Приглашение отозвано
link-revoked-text = Приглашение отозвано или заменено более новым. Проверьте почту — возможно, пришло новое приглашение, — или обратитесь к администратору.
link-unknown-title = Ссылка недействительна
link-unknown-text = Проверьте, что ссылка открыта из письма целиком. Если не помогает, попросите администратора прислать новое приглашение.
link-sign-in = Перейти ко входу

## Письма
email-greeting = Здравствуйте, { $name }!
email-greeting-anon = Здравствуйте!
email-invite-subject = Приглашение в организацию { $org } (номер клиента { $number })
email-invite-intro = { $inviter } приглашает вас присоединиться к организации { $org } (номер клиента { $number }).
email-invite-inviter-platform = Оператор платформы
email-invite-roles = Предлагаемые роли: { $roles }
email-invite-admin = Вас приглашают администратором организации { $org }: вы будете управлять её пользователями, приглашениями и настройками.
email-invite-personal-message = Личное сообщение:
email-invite-action = Чтобы принять приглашение, откройте ссылку и задайте пароль:
email-invite-button = Принять приглашение
email-invite-expires = Ссылка действует до { $expires } и может быть использована один раз.
email-invite-ignore = Если вы не ждали этого приглашения, просто проигнорируйте письмо: без вас ничего не произойдёт.
email-welcome-subject = Добро пожаловать в организацию { $org } (номер клиента { $number })
email-welcome-intro = Ваша учётная запись готова, теперь вы участник организации { $org } (номер клиента { $number }).
email-welcome-intro-joined = Теперь вы участник организации { $org } (номер клиента { $number }). Входите в свою учётную запись как прежде: организация появилась в вашем списке.
email-welcome-sign-in = Войти

# --- sign-in (issue 5) ---
field-email-or-phone = Почта или телефон
field-email-or-phone-hint = Номер телефона с кодом страны, например +7 905 111-11-11
invite-signin-failed = Пароль не подходит, или эта учётная запись не может войти.
invite-join-title = Это приглашение для вашей учётной записи
invite-join-text = Вы вошли под учётной записью, которой оно отправлено. Присоединитесь, чтобы добавить к ней организацию.
invite-join-submit = Присоединиться к организации { $org }
invite-other-title = Вы вошли под другой учётной записью
invite-other-text = Это приглашение для { $recipient }, а вы вошли как { $current }. Выйдите, и эта страница откроется снова — для { $recipient }.
invite-sign-out = Выйти

# --- setup links and hygiene ---
setup-bound-intro = Эта одноразовая ссылка создаёт учётную запись оператора платформы для { $recipient }.
setup-existing-sign-in = Учётная запись с адресом { $recipient } уже существует, и эта ссылка не меняет её пароль. Войдите как { $recipient } и снова откройте эту ссылку, чтобы сделать эту учётную запись оператором платформы.
setup-sign-in-any = Войдите в учётную запись, которая должна стать оператором платформы, и снова откройте эту ссылку.
setup-other-address = Указать другой адрес
setup-existing-grant = Вы вошли как { $recipient }. Эта ссылка может сделать вашу учётную запись оператором платформы.
setup-grant-submit = Сделать мою учётную запись оператором платформы
setup-existing-sign-out = Вы вошли в другую учётную запись. Сначала выйдите, затем войдите как { $recipient } и снова откройте эту ссылку.
setup-granted = Ваша учётная запись теперь — оператор платформы.
settings-sms-title = Ограничения SMS
field-sms-countries = Страны, в которые можно отправлять SMS
hint-sms-countries = Двухбуквенные коды стран через запятую, например «RU, KZ». Оставьте пустым, чтобы разрешить все страны.
field-sms-daily-cap = SMS в сутки на всю платформу
hint-sms-daily-cap = Считается за календарные сутки (UTC). Оставьте пустым, чтобы не ограничивать.
field-sms-daily-cap-per-org = SMS в сутки на каждую организацию
hint-sms-daily-cap-per-org = Считается за календарные сутки (UTC) отдельно для каждой организации. Оставьте пустым, чтобы не ограничивать.
err-sms-country-unknown = «{ $name }» — не код страны: укажите двухбуквенные коды ISO, например RU или KZ.
err-sms-cap = Введите целое число от 0 до { $max } или оставьте поле пустым.
reason-sms-country-not-allowed = SMS в эту страну на платформе не разрешены
reason-sms-daily-cap = суточный лимит SMS исчерпан; отправьте снова завтра

# --- newcomer fixes (cards, not-found page) ---
err-card-name-required = Введите имя или фамилию.
err-card-contact-required = Введите адрес электронной почты или номер телефона.
hint-card-name = Нужно указать имя или фамилию.
user-unnamed = Пользователь без имени

# --- typed states ---
reason-internal-error = сообщение не удалось подготовить (подробности в журнале сервера)
# A delivery refused by the mail server or the SMS gateway: its code and its own words.
problem-server = ответ сервера: { $reply }
# A delivery that failed on every attempt before any recipient was named (connection, TLS,
# sign-in): the configuration's problem, not the recipient's.
problem-mail-setup = не отправлено из-за почтового сервера или настроек Invitely для него, а не из-за адреса: сервер ни разу не удалось достичь; оператору нужно проверить настройки SMTP и отправить снова
problem-mail-setup-reply = не отправлено из-за настройки почтового сервера, а не из-за адреса: сервер отклонил подключение или вход Invitely ({ $reply }); оператору нужно проверить настройки SMTP и отправить снова

# --- invitation to an existing account ---
email-invite-action-existing = У этого адреса уже есть учётная запись. Чтобы принять приглашение, откройте ссылку и войдите в свою учётную запись:
email-invite-action-handover = Чтобы принять приглашение, откройте ссылку:

# --- roles and departments: manage, change on the card (issue 7, h-roles) ---
nav-roles = Роли
roles-title = Роли
roles-intro = Роль даёт участнику доступ в этой организации. Участник без роли видит только главную страницу, справку и настройки, пока администратор не выдаст ему роль.
roles-empty = Ролей пока нет.
roles-add = Добавить роль
col-role = Роль
col-members = Участники
col-open-invitations = Открытые приглашения
field-name = Название
rename = Переименовать
delete = Удалить
err-role-taken = Роль с таким названием уже есть.
err-role-separator = Название роли не может содержать «|»: в CSV-файлах этим знаком разделяют роли.
role-created = Роль «{ $name }» создана.
role-renamed = Роль теперь называется «{ $name }».
role-deleted = Роль «{ $name }» удалена.
role-edit-title = Роль «{ $name }»
role-reach-members = { $count ->
    [0] Этой роли пока нет ни у одного участника;
    [one] Эта роль есть у { $count } участника;
   *[other] Эта роль есть у { $count } участников;
}
role-reach-invitations = { $count ->
    [0] её не предлагает ни одно открытое приглашение. Новое название сразу появится везде.
    [one] её предлагает { $count } открытое приглашение. Новое название сразу появится везде.
    [few] её предлагают { $count } открытых приглашения. Новое название сразу появится везде.
   *[many] её предлагают { $count } открытых приглашений. Новое название сразу появится везде.
}
role-delete = Удалить роль
role-delete-title = Удалить роль «{ $name }»?
role-delete-members = { $count ->
    [0] Этой роли нет ни у одного участника.
    [one] { $count } участник лишится этой роли.
    [few] { $count } участника лишатся этой роли.
   *[many] { $count } участников лишатся этой роли.
}
role-delete-restricted = { $count ->
    [0] Никто не останется без роли.
    [one] У { $count } из них нет других ролей: доступ снова станет ограниченным.
   *[other] У { $count } из них нет других ролей: доступ снова станет ограниченным.
}
role-delete-invitations = { $count ->
    [0] Ни одно открытое приглашение не предлагает эту роль.
    [one] { $count } открытое приглашение больше не будет её предлагать; само приглашение остаётся в силе.
    [few] { $count } открытых приглашения больше не будут её предлагать; сами приглашения остаются в силе.
   *[many] { $count } открытых приглашений больше не будут её предлагать; сами приглашения остаются в силе.
}
department-edit-title = Отдел «{ $name }»
department-reach-members = { $count ->
    [0] В отделе пока нет участников;
    [one] В отделе { $count } участник;
    [few] В отделе { $count } участника;
   *[many] В отделе { $count } участников;
}
department-reach-cards = { $count ->
    [1] в нём же карточка человека, не состоящего в организации;
    [one] в нём же { $count } карточка людей, не состоящих в организации;
    [few] в нём же { $count } карточки людей, не состоящих в организации;
   *[many] в нём же { $count } карточек людей, не состоящих в организации;
}
department-reach-invitations = { $count ->
    [0] ни одно открытое приглашение не направляет приглашённых в этот отдел.
    [1] одно открытое приглашение направляет приглашённого в этот отдел.
    [one] { $count } открытое приглашение направляет приглашённых в этот отдел.
    [few] { $count } открытых приглашения направляют приглашённых в этот отдел.
   *[many] { $count } открытых приглашений направляют приглашённых в этот отдел.
}
department-delete = Удалить отдел
department-delete-title = Удалить отдел «{ $name }»?
department-delete-members = { $count ->
    [0] В этом отделе нет участников.
    [one] { $count } участник сохранит карточку, но без отдела.
    [few] { $count } участника сохранят карточки, но без отдела.
   *[many] { $count } участников сохранят карточки, но без отдела.
}
department-delete-invitations = { $count ->
    [0] Ни одно открытое приглашение не направляет приглашённых в этот отдел.
    [1] Открытое приглашение больше не направит приглашённого в этот отдел; приглашение остаётся в силе.
    [one] { $count } открытое приглашение больше не направит приглашённых в этот отдел; приглашения остаются в силе.
    [few] { $count } открытых приглашения больше не направят приглашённых в этот отдел; приглашения остаются в силе.
   *[many] { $count } открытых приглашений больше не направят приглашённых в этот отдел; приглашения остаются в силе.
}
department-renamed = Отдел теперь называется «{ $name }».
department-deleted = Отдел «{ $name }» удалён.
hint-card-no-role = Роли нет: доступ участника ограничен, пока вы не выдадите роль.
hint-card-create-roles = Ролей пока нет: создайте роли, чтобы выдавать доступ.
user-access-granted = Доступ выдан: участнику отправлено письмо.
email-access-subject = Вам открыт доступ в организацию { $org } (номер клиента { $number })
email-access-intro = Администратор организации { $org } (номер клиента { $number }) выдал вам доступ. Ограничение доступа снято.
email-access-roles = Ваши роли: { $roles }
email-access-sign-in = Войти
# --- organisation settings, audit page, inviter notices (issue 7, h-settings) ---
nav-org-settings = Настройки
nav-audit = Журнал
org-settings-title = Настройки организации
org-settings-saved = Настройки сохранены.
org-settings-revoked = { $count ->
    [1] Отозвано открытое приглашение, отправленное не администратором.
    [one] Отозвано { $count } открытое приглашение, отправленное не администраторами.
    [few] Отозвано { $count } открытых приглашения, отправленных не администраторами.
   *[many] Отозвано { $count } открытых приглашений, отправленных не администраторами.
}
org-settings-confirm-revoke = { $count ->
    [1] Приглашать смогут только администраторы. Одно открытое приглашение отправлено не администратором: при сохранении оно будет отозвано, и ссылка перестанет работать.
    [one] Приглашать смогут только администраторы. { $count } открытое приглашение отправлено не администраторами: при сохранении они будут отозваны, и ссылки перестанут работать.
    [few] Приглашать смогут только администраторы. { $count } открытых приглашения отправлены не администраторами: при сохранении они будут отозваны, и ссылки перестанут работать.
   *[many] Приглашать смогут только администраторы. { $count } открытых приглашений отправлены не администраторами: при сохранении они будут отозваны, и ссылки перестанут работать.
}
org-settings-save-and-revoke = { $count ->
    [one] Сохранить и отозвать { $count } приглашение
    [few] Сохранить и отозвать { $count } приглашения
   *[many] Сохранить и отозвать { $count } приглашений
}
org-settings-apps-title = Мобильные приложения
field-invite-policy = Кто может приглашать
hint-invite-policy = Участники без прав администратора тоже могут приглашать, но не могут делать администраторов.
invite-policy-everyone = Все участники
invite-policy-admins-only = Только администраторы
field-lifetime-hours = Срок действия ссылки-приглашения (часов)
hint-lifetime-hours = От 1 до { $max } часов (максимум платформы), считая от отправки.
err-lifetime-hours = Введите целое число часов от 1 до { $max }.
field-default-locale = Язык приглашений и писем
hint-default-locale = Используется, если язык получателя не выбран.
language-en = Английский
language-ru = Русский
hint-app-urls = Показывается в приглашениях и приветственных письмах участникам этого типа. Оставьте пустым, чтобы не показывать.
field-employee-app-url = Ссылка на приложение для сотрудников
field-customer-app-url = Ссылка на приложение для заказчиков
err-app-url = Введите ссылку, начинающуюся с https://, например https://apps.example.com/app.
field-default-message = Личное сообщение по умолчанию
hint-default-message = Подставляется как личное сообщение в форму приглашения, где его можно изменить перед каждой отправкой. Приглашения из карточки, таблицы пользователей или импорта идут без личного сообщения.
field-message-language = Язык приглашения
# Short: a select cannot wrap its options (375 px); the rest is the hint below.
message-language-org-default = Как в прошлый раз
message-language-hint = Если приглашений ещё не было — язык организации.
message-language-accounts = Тот, у кого уже есть учётная запись, получит сообщение на языке своей учётной записи.
audit-title = Журнал
audit-filter-actor = Кто
audit-filter-action = Что
audit-filter-from = С
audit-filter-to = По
audit-empty = Нет подходящих событий.
audit-col-when = Когда
audit-col-actor = Кто
audit-col-action = Что
audit-col-subject = О ком
audit-col-details = Подробности
audit-actor-system = Система
audit-range = { $first }–{ $last } из { $total }
audit-range-none = 0 из { $total }
err-date = Введите дату в виде 2026-12-31.
err-date-order = Дата окончания раньше даты начала. Выберите дату окончания не раньше неё.
audit-org-created = Организация создана
audit-member-created = Пользователь создан
audit-member-updated = Пользователь изменён
audit-invitation-created = Приглашение создано
audit-invitation-resent = Приглашение отправлено повторно
audit-invitation-accepted = Приглашение принято
audit-invitation-revoked = Приглашение отозвано
audit-invitation-renewed = Приглашение продлено
audit-invitation-failed = Приглашение не доставлено
audit-invitation-unknown-token = Неизвестная ссылка-приглашение
audit-setup-unknown-token = Неизвестная ссылка настройки
audit-reset-unknown-token = Неизвестная ссылка сброса пароля
audit-throttled = Отказ: слишком много попыток
audit-accept-refused = Принятие приглашения отклонено
audit-limit-daily = Отказ: дневной лимит приглашений
audit-limit-seats = Отказ: нет свободных мест
audit-settings-changed = Настройки изменены
audit-org-settings-changed = Настройки организации изменены
audit-role-created = Роль создана
audit-role-renamed = Роль переименована
audit-role-deleted = Роль удалена
audit-department-created = Отдел создан
audit-department-renamed = Отдел переименован
audit-department-deleted = Отдел удалён
audit-member-roles-changed = Роли участника изменены
audit-operator-created = Создан оператор платформы
audit-operator-granted = Выданы права оператора платформы
audit-operator-grant-refused = Ссылка оператора платформы отклонена
audit-signin-ok = Вход
audit-signin-failed = Неудачный вход
audit-signout = Выход
audit-csrf-refused = Форма отклонена (CSRF)
audit-origin-refused = Межсайтовый запрос отклонён
email-app-line = Наше мобильное приложение:
email-accepted-subject = { $member } принял(а) ваше приглашение в организацию { $org } (номер клиента { $number })
email-accepted-intro = { $member } принял(а) ваше приглашение и теперь участник организации { $org } (номер клиента { $number }).
email-accepted-no-role = У участника ещё нет роли, поэтому доступ ограничен. Выдайте роль в карточке:
email-accepted-grant-access = Выдать доступ

# --- issue 7: the life of an invitation (invitations list, renew, bulk progress) ---
istatus-replaced = Заменено
filter-inviter = Кто пригласил
filter-role = Роль
col-inviter = Кто пригласил
invitations-search-label = Поиск приглашений
invitations-search-placeholder = Имя, почта или телефон
invitations-none-hint = Пригласите людей из таблицы пользователей.
invitations-none-match = Нет приглашений, подходящих под фильтр.
invitations-none-selected = Сначала отметьте хотя бы одно приглашение.
invitations-range = { $range } из { $total }
revoke-selected = Отозвать выбранные
revoke-selected-confirm = Отозвать выбранные приглашения? Их ссылки сразу перестанут работать.
revoke-many-title = { $count ->
    [one] Отозвать { $count } приглашение?
    [few] Отозвать { $count } приглашения?
   *[other] Отозвать { $count } приглашений?
}
revoke-many-text = Их ссылки сразу перестанут работать. Позже можно отправить новые.
revoke-many-not-open = не открыто: останется как есть
revoke-many-confirm = Да, отозвать
renew = Продлить
invitation-renewed = Новое приглашение на тех же условиях поставлено в очередь; старая ссылка больше не действует.
invitation-not-expired = Продлить можно только истёкшее приглашение.
bulk-resent = Отправлено повторно: { $count }
bulk-superseded = Пропущено: { $count } — уже отправлены повторно (за ними последовало новое приглашение)
bulk-revoked = Отозвано: { $count }
bulk-not-open = уже не действует ({ $status })
batch-title = Отправка приглашений
batch-started = Начато { $time }
batch-queued = Ждут отправки
batch-sent = Приглашены
batch-failed = С ошибкой
batch-cancelled = Отменено
batch-running = Отправка: обработано { $handled } из { $total }
batch-done = Готово: приглашено { $sent }, ошибок: { $errors }
batch-to-invitations = Приглашения этой рассылки
batch-see-failed = Показать ошибки
batch-to-users = К пользователям

# --- issue 7: ways to invite (invite form, mass invite, mail app, members invite) ---
nav-invite = Пригласить
invite-form-title = Пригласить людей
invite-intro = Укажите до пяти человек по одному или вставьте длинный список адресов. Каждый получит личную ссылку по почте или SMS.
invite-rows = Кого пригласить
invite-tabs-label = Как указать приглашаемых
invite-tab-rows = По одному
invite-tab-many = Много адресов
invite-row-contact = Почта или телефон { $count }
invite-mass = Массовое приглашение: вставьте список
invite-mass-hint = Адреса и номера телефонов через пробел, запятую, точку с запятой или с новой строки. Также «Имя <e@x.com>» и "Фамилия, Имя" <e@x.com>. Телефоны с кодом страны, например +7 905 111-11-11.
invite-roles-member-hint = Вы можете выдать только те роли, которые есть у вас.
invite-message = Личное сообщение
invite-message-hint = Показывается в приглашении над ссылкой. До 2000 символов.
invite-language = Язык приглашения
invite-language-name = Русский
invite-resend = Отправить повторно тем, кто уже приглашён
invite-grant-admin = Сделать их администраторами организации
invite-preview = Просмотреть сообщение
invite-send = Отправить приглашения
invite-mailapp = Открыть в почтовой программе
invite-mailapp-hint = «Открыть в почтовой программе» создаёт приглашения так же, но не отправляет писем: вы отправляете каждую личную ссылку из своей почтовой программы.
invite-preview-title = Сообщение так, как его получит адресат
invite-preview-hint = В настоящем сообщении ссылка личная; здесь вместо неё заглушка. Измените сообщение ниже и просмотрите снова или отправьте.
invite-preview-language = Язык
invite-preview-subject = Тема
invite-preview-text = Простой текст
invite-preview-html = С оформлением (HTML)
invite-err-empty = Укажите хотя бы один адрес почты или номер телефона.
invite-err-message-long = Личное сообщение длиннее 2000 символов.
invite-err-row-no-contact = В этой строке есть имя, но нет адреса почты или номера телефона: добавьте его или очистите имя.
invite-err-none-valid = Никого из списка нельзя пригласить: исправьте адреса и номера, отмеченные ниже.
invite-err-role-gone = Одной из выбранных ролей больше нет: выберите роли заново.
invite-err-department-gone = Выбранного отдела больше нет: выберите другой.
invite-lines-caption = Что введено, по пунктам
invite-col-typed = Введено
invite-col-name = Имя
invite-col-result = Результат
invite-item-valid = можно пригласить
invite-item-queued = приглашение в очереди ({ $name })
invite-item-resent = уже приглашён; приглашение отправлено повторно ({ $name })
invite-item-invited-by-another = уже приглашён другим пользователем; повторно отправить может администратор
invite-item-already-invited = уже приглашён; повторно не отправлено (отметьте «Отправить повторно тем, кто уже приглашён»)
invite-item-already-member = уже участник
invite-item-former-member = был участником и покинул организацию или был исключён; пригласить снова может только администратор
invite-item-duplicate = повтор в списке: учтён один раз, результат — в его первой строке
invite-item-not-a-contact = не похоже ни на адрес почты, ни на номер телефона
invite-summary-handed = { $count ->
    [one] { $count } ссылка готова для вашей почтовой программы.
    [few] { $count } ссылки готовы для вашей почтовой программы.
   *[many] { $count } ссылок готово для вашей почтовой программы.
}
invite-summary-not-sent = { $count ->
    [1] Не отправлено: 1 — причина в списке ниже.
   *[other] Не отправлено: { $count } — причины в списке ниже.
}
invite-item-mailapp = ссылка готова для почтовой программы (письмо не отправлено)
invite-item-over-limit = не отправлено: превышен лимит
invite-done-title = Результаты приглашения
invite-mailapp-title = Отправка из почтовой программы
invite-mailapp-links = Личные ссылки
invite-mailapp-warning = Каждая ссылка позволяет присоединиться одному человеку. Отправляйте каждое письмо только его адресату. Эта страница не сохраняется; ссылки больше не будут показаны.
invite-mailapp-none = Ни одного приглашения по почте не создано, поэтому отправлять из почтовой программы нечего.
invite-mailapp-open = Написать { $recipient }
invite-mailapp-link = Ссылка:
invite-more = Пригласить ещё
invite-correct-again = Исправить нераспознанные записи
invite-go-invitations = К приглашениям
invite-close = Закрыть

## phones
sms-invite = { $org } приглашает вас: { $link } (до { $expires })
sms-invite-short = { $org } приглашает вас: { $link }
## platform
nav-platform-audit = Журнал оператора
nav-platform-accounts = Учётные записи
platform-accounts-title = Учётные записи
platform-accounts-search-label = Адрес почты или номер телефона
platform-accounts-search-placeholder = Почта или телефон либо их начало
platform-accounts-empty = Учётных записей пока нет.
platform-accounts-none-found = Ни один адрес почты или номер телефона не начинается так.
platform-accounts-more = Показаны только последние { $count }: уточните поиск.
platform-accounts-col-orgs = Организации
account-status-active = Активна
account-status-disabled = Отключена
account-operator = Оператор
platform-account-title = Учётная запись: { $name }
platform-back-to-accounts = ← Все учётные записи
platform-account-created = Создана
platform-account-disabled-since = с { $since }
platform-account-memberships = Организации
platform-account-no-memberships = Не состоит ни в одной организации.
platform-account-admin = администратор
platform-account-disable-title = Отключить учётную запись
platform-account-disable-what = { $name } больше не сможет войти и сразу выйдет на всех устройствах. { $count ->
    [0] Открытых приглашений от этой учётной записи нет.
    [one] { $count } открытое приглашение, отправленное с неё, будет отозвано.
    [few] { $count } открытых приглашения, отправленных с неё, будут отозваны.
   *[many] { $count } открытых приглашений, отправленных с неё, будут отозваны.
} Организации и карточки останутся как есть, учётную запись можно будет включить снова.
platform-account-disable = Отключить учётную запись
platform-account-enable-title = Включить учётную запись
platform-account-enable-what = { $name } снова сможет входить со своим паролем. Приглашения, отозванные при отключении, останутся отозванными.
platform-account-enable = Включить учётную запись
platform-account-own = Это ваша учётная запись: отключить её может только другой оператор.
platform-account-disabled-flash = { $name }: учётная запись отключена, все сеансы завершены. { $count ->
    [0] Открытых приглашений не было.
    [one] Отозвано { $count } открытое приглашение.
    [few] Отозвано { $count } открытых приглашения.
   *[many] Отозвано { $count } открытых приглашений.
}
platform-account-enabled-flash = { $name }: учётная запись снова включена.
platform-account-already-disabled = Ничего не изменилось: учётная запись уже отключена.
platform-account-already-enabled = Ничего не изменилось: учётная запись уже включена.
audit-account-disabled = Учётная запись отключена
audit-account-enabled = Учётная запись включена
platform-orgs-search-label = Поиск по названию или номеру клиента
platform-orgs-search-placeholder = Название или № клиента
platform-orgs-none-found = Ни одна организация не подходит под этот поиск.
platform-orgs-more = Показаны только первые { $count }; уточните поиск, чтобы увидеть остальные.
platform-col-members = Участники
platform-col-pending = Открытые приглашения
platform-col-status = Статус
org-status-enabled = Включена
org-status-disabled = Отключена
platform-org-edit-title = Организация { $org }
platform-back-to-orgs = ← Все организации
field-org-enabled = Включена
hint-org-enabled = Снимите флажок, чтобы отключить организацию: её участники больше не смогут её открыть (другие их организации не затронуты), а ссылки её открытых приглашений сразу перестанут работать. После повторного включения участники снова получат доступ; отозванные приглашения нужно отправить заново.
org-disable-confirm-title = Отключить организацию { $org }?
org-disable-confirm = { $count ->
    [0] Открытых приглашений нет, отзывать нечего.
    [1] Её открытое приглашение будет сразу отозвано: ссылка перестанет работать, и повторное включение организации её не вернёт.
   *[other] Её открытые приглашения ({ $count }) будут сразу отозваны: ссылки перестанут работать, и повторное включение организации их не вернёт.
} { $members ->
    [0] Ни один участник не потеряет доступ.
    [one] { $members } участник потеряет доступ, пока её снова не включат.
    [few] { $members } участника потеряют доступ, пока её снова не включат.
   *[many] { $members } участников потеряют доступ, пока её снова не включат.
}
org-disable-and-revoke = { $count ->
    [0] Отключить организацию
    [one] Отключить и отозвать { $count } приглашение
    [few] Отключить и отозвать { $count } приглашения
   *[many] Отключить и отозвать { $count } приглашений
}
org-saved = Изменения сохранены.
org-disabled-done = { $count ->
    [one] Организация { $org } отключена; отозвано { $count } открытое приглашение.
    [few] Организация { $org } отключена; отозвано { $count } открытых приглашения.
   *[many] Организация { $org } отключена; отозвано { $count } открытых приглашений.
}
org-enabled-done = Организация { $org } снова включена; её участники могут её открыть.
platform-audit-title = Журнал оператора
audit-org-updated = Организация изменена
audit-org-disabled = Организация отключена
audit-org-enabled = Организация включена
error-org-disabled-title = Эта организация отключена
error-org-disabled-text = Оператор платформы отключил эту организацию, поэтому её страницы сейчас закрыты. Вы по-прежнему в ней состоите: доступ вернётся, когда её снова включат. Другие ваши организации не затронуты.
error-org-disabled-link = Ваши организации
link-org-disabled-title = Эта организация отключена
link-org-disabled-text = Организация, отправившая это приглашение, отключена оператором платформы, поэтому приглашение больше нельзя принять. Если вы его ждали, свяжитесь с организацией.
orgs-disabled-title = Отключённые организации
orgs-disabled-hint = { $count ->
    [1] Отключена платформой; доступ вернётся, когда её снова включат.
    [few] Отключены платформой; доступ к каждой вернётся, когда её снова включат.
   *[many] Отключены платформой; доступ к каждой вернётся, когда её снова включат.
}
orgs-closed-title = { $count ->
    [1] Ваша организация отключена
    [few] Ваши организации отключены
   *[many] Ваши организации отключены
}
orgs-closed-text = Вы остаётесь участником, и с вашей стороны ничего делать не нужно. Пока можно сменить язык или выйти из учётной записи.
field-default-phone-region = Регион телефонов по умолчанию
hint-default-phone-region = Двухбуквенный код региона (например, RU). Номер, записанный так, как его набирают внутри региона, с префиксом (8 905 111-11-11 для RU), читается как номер этого региона; номер без кода страны и без префикса по-прежнему не принимается. Оставьте пустым, чтобы код страны был обязателен.
err-phone-region = Введите двухбуквенный код региона, например RU или DE, или оставьте поле пустым.
field-default-lifetime-hours = Срок действия приглашений для новых организаций (часы)
hint-default-lifetime-hours = От 1 до { $max } часов; предлагается при создании организации.
field-two-factor = Двухфакторный вход
two-factor-operators = Требовать двухфакторный вход от операторов платформы
two-factor-admins = Требовать двухфакторный вход от администраторов организаций
## leave
audit-member-left = Участник покинул организацию
audit-member-removed = Участник исключён из организации
leave-title = Покинуть организацию { $org }
leave-step-1 = Шаг 1 из 2
leave-step-2 = Шаг 2 из 2: окончательное подтверждение
leave-intro = Вы собираетесь покинуть организацию { $org } (номер клиента { $number }). Ваша учётная запись и другие организации остаются.
leave-two-steps = Чтобы покинуть организацию, нужно два подтверждения. Ничего не изменится, пока вы не подтвердите на следующей странице, где будет точно указано, что вы теряете.
leave-continue = Продолжить
leave-stay = Остаться в организации
leave-last-admin = Вы единственный администратор организации { $org }, поэтому не можете её покинуть.
leave-last-admin-how = У организации должен остаться хотя бы один администратор. Сначала назначьте другого: на странице «Пользователи» откройте карточку участника, который вас заменит, и нажмите «Сделать администратором» (или пригласите нового человека на странице «Пригласить», отметив «Сделать их администраторами организации», и дождитесь, пока приглашение примут). Затем вернитесь сюда, чтобы покинуть организацию.
leave-invite-admin = Пригласить другого администратора
leave-final-title = Покинуть организацию { $org } (номер клиента { $number })?
leave-losses = Как только вы её покинете, сразу:
leave-lose-access = вы теряете весь доступ к организации { $org } (номер клиента { $number }): к её страницам, пользователям и данным;
leave-lose-admin = вы теряете права администратора в ней;
leave-lose-roles = вы теряете свои роли в ней: { $roles };
leave-lose-no-roles = ролей в ней у вас нет, терять нечего;
leave-lose-department = вы покидаете её отдел { $department };
leave-lose-invitations = { $count ->
    [1] отправленное вами и ещё открытое приглашение будет отозвано;
   *[other] отправленные вами и ещё открытые приглашения ({ $count }) будут отозваны;
}
leave-lose-sessions = это действует на всех устройствах, где вы вошли;
leave-lose-return = чтобы вернуться, администратор организации должен пригласить вас снова.
leave-understood = Я понимаю, что теряю доступ к организации { $org } и свои роли в ней
leave-err-understood = Отметьте флажок, чтобы подтвердить, что покидаете организацию.
leave-final-button = Покинуть организацию { $org }
leave-done = Вы покинули организацию { $org } (номер клиента { $number }). Её администраторы уведомлены.
none-title = Вы не состоите ни в одной организации
none-text = Ваша учётная запись больше не относится ни к одной организации, открыть нечего. Администратор организации может пригласить вас снова.
none-language = Язык
none-delete-title = Удаление учётной записи
none-delete-text = Автоматическое удаление учётной записи пока недоступно. Чтобы её удалить, напишите администратору организации, в которой вы состояли, или в поддержку платформы и укажите адрес, с которым вы входите: { $contact }.
remove-button = Исключить из организации
remove-title = Исключить { $name } из организации
remove-intro = { $name } больше не будет участником организации { $org }. Сразу и на всех устройствах:
remove-lose-admin = теряются права администратора;
remove-lose-roles = теряются роли: { $roles };
remove-lose-department = участник покидает отдел { $department };
remove-lose-invitations = { $count ->
    [1] отправленное участником и ещё открытое приглашение будет отозвано;
   *[other] отправленные участником и ещё открытые приглашения ({ $count }) будут отозваны;
}
remove-keeps-account = учётная запись и другие организации участника остаются;
remove-invite-again = карточка остаётся, позже пользователя можно пригласить снова.
remove-confirm = Исключить из организации
remove-back = Вернуться к карточке
remove-done = Пользователь { $name } исключён из организации. Карточка осталась — пользователя можно пригласить снова.
remove-not-member = { $name } не является активным участником организации, исключать некого.
remove-self = Здесь нельзя исключить себя. Чтобы перестать быть участником, покиньте организацию в настройках учётной записи.
remove-last-admin = { $name } — единственный администратор организации, его нельзя исключить.
email-left-subject = { $member } покинул(а) организацию { $org } (номер клиента { $number })
email-left-intro = { $member } покинул(а) организацию { $org } (номер клиента { $number }).
email-left-intro-contact = { $member } ({ $contact }) покинул(а) организацию { $org } (номер клиента { $number }).
email-left-consequences = Доступ прекращён сразу; роли сняты, а отправленные им(ею) и ещё открытые приглашения отозваны. Карточка остаётся в списке пользователей.
email-left-card = Чтобы пригласить снова, откройте карточку:
email-left-card-button = Открыть карточку
## account
nav-account = Учётная запись
account-title = Ваша учётная запись
account-language-title = Язык
account-language-intro = На этом языке показываются страницы и приходят письма и SMS.
field-language = Язык
account-language-save = Сохранить язык
account-language-saved = Язык сохранён.
account-password-title = Пароль
account-password-intro = После смены вы останетесь здесь; на всех остальных устройствах вход будет завершён.
field-current-password = Текущий пароль
account-password-save = Сменить пароль
account-password-changed = Пароль изменён. На всех остальных устройствах вход завершён.
account-password-wrong = Текущий пароль указан неверно.
account-memberships-title = Ваши организации
account-memberships-empty = Вы не состоите ни в одной организации.
account-col-org = Организация
account-col-number = Номер клиента
account-col-kind = Тип
account-col-roles = Роли
account-col-admin = Администратор
account-col-since = Участник с
account-col-actions = Действия
account-admin-yes = Да
account-admin-no = Нет
account-no-roles = Ролей пока нет
account-leave = Покинуть
account-leave-label = Покинуть организацию { $org }
login-forgot = Забыли пароль?
login-reset-done = Пароль задан. Войдите с новым паролем.
forgot-title = Восстановление пароля
forgot-intro = Укажите адрес электронной почты или номер телефона, с которым вы входите. Мы пришлём ссылку для нового пароля.
forgot-submit = Прислать ссылку
forgot-err-identifier = Укажите адрес электронной почты (name@example.com) или номер телефона с кодом страны (+7 905 111-11-11).
forgot-sent-title = Проверьте сообщения
forgot-sent-text = Если { $recipient } привязан к учётной записи, ссылка для нового пароля уже отправлена письмом или SMS. Ссылка действует один раз в течение часа.
forgot-sent-nothing = Ничего не пришло за несколько минут? Проверьте папку «Спам» или запросите ссылку ещё раз.
forgot-back-login = Вернуться ко входу
reset-title = Новый пароль
reset-intro = Новый пароль для { $recipient }. После этого вход будет завершён на всех устройствах, и вы войдёте с новым паролем.
reset-submit = Задать пароль
reset-dead-title = Эта ссылка больше не действует
reset-dead-text = Ссылка для смены пароля действует один раз в течение часа и перестаёт действовать после смены пароля. Запросите новую ссылку.
reset-dead-again = Запросить новую ссылку
email-reset-subject = Новый пароль для Invitely
email-reset-intro = Кто-то — надеемся, вы — попросил задать новый пароль для вашей учётной записи Invitely.
email-reset-action = Чтобы задать новый пароль, откройте ссылку:
email-reset-button = Задать новый пароль
email-reset-expires = Ссылка действует до { $expires } и только один раз.
email-reset-ignore = Если вы этого не просили, просто не обращайте внимания на письмо: пароль останется прежним.
sms-reset-text = Invitely: ссылка для нового пароля (1 час):
email-password-changed-subject = Пароль Invitely изменён
email-password-changed-intro = Пароль вашей учётной записи Invitely изменён { $changed }.
email-password-changed-sessions = На всех устройствах, где был вход со старым паролем, вход завершён.
email-notice-not-you = Если это были не вы, сразу задайте новый пароль по этой ссылке и сообщите администратору:
email-notice-button = Задать новый пароль
email-password-set-subject = Пароль Invitely задан
email-password-set-intro = Для вашей новой учётной записи Invitely задан пароль { $changed }.
sms-password-changed = Invitely: ваш пароль изменён { $changed }. Это были не вы? Задайте новый:
sms-password-set = Invitely: пароль новой учётной записи задан { $changed }. Не вы? Смените пароль:
email-two-factor-off-subject = Двухфакторный вход в Invitely выключен
email-two-factor-off-intro = Двухфакторный вход для вашей учётной записи Invitely выключен { $changed }.
sms-two-factor-off = Invitely: двухфакторный вход выключен { $changed }. Не вы? Смените пароль:
sms-welcome = Invitely: добро пожаловать в организацию { $org }, ваша учётная запись готова. Вход:
sms-welcome-joined = Invitely: вы теперь участник организации { $org }. Вход:
audit-password-changed = Пароль изменён
audit-password-reset-requested = Запрошена ссылка для пароля
audit-password-reset = Пароль задан по ссылке
## totp
audit-two-factor-enabled = Двухфакторный вход включён
audit-two-factor-disabled = Двухфакторный вход выключен
audit-two-factor-recovery-regenerated = Созданы новые резервные коды
audit-two-factor-recovery-used = Вход по резервному коду
two-factor-title = Двухфакторный вход
two-factor-required-notice = Платформа требует двухфакторный вход для вашей учётной записи. Настройте его, чтобы продолжить; до тех пор доступны только эта страница и выход.
two-factor-enrol-intro = После пароля вы будете вводить ещё шестизначный код из приложения-аутентификатора на телефоне (например, Google Authenticator, Microsoft Authenticator, Яндекс Ключ, Aegis или 2FAS).
two-factor-enrol-scan = Отсканируйте этот QR-код приложением-аутентификатором.
two-factor-qr-alt = QR-код для добавления Invitely ({ $name }) в приложение-аутентификатор
two-factor-enrol-type = Или добавьте вручную с этим ключом:
two-factor-secret = Ключ
two-factor-issuer = Издатель
two-factor-account = Учётная запись
two-factor-kind = Тип
two-factor-kind-value = По времени (TOTP), 6 цифр, каждые 30 секунд
two-factor-enrol-code = Введите шестизначный код из приложения
two-factor-enrol-submit = Включить двухфакторный вход
two-factor-code-missing = Введите код из приложения-аутентификатора.
two-factor-code-wrong = Код неверный. Проверьте приложение и введите код, который оно показывает сейчас.
two-factor-code-reused = Этот код уже использован. Дождитесь нового кода в приложении и введите его.
two-factor-codes-title = Ваши резервные коды
two-factor-codes-intro = Двухфакторный вход включён.
two-factor-codes-once = Сохраните эти коды в надёжном месте сейчас: они показываются только один раз. Если потеряете телефон, войдите с одним из них вместо кода.
two-factor-codes-each-once = Каждый код действует один раз.
two-factor-codes-done = Я сохранил(а) коды
two-factor-on-since = Двухфакторный вход включён с { $time }.
two-factor-recovery-left = { $count ->
    [one] У вас { $count } неиспользованный резервный код.
    [few] У вас { $count } неиспользованных резервных кода.
   *[other] У вас { $count } неиспользованных резервных кодов.
}
two-factor-regenerate-title = Новые резервные коды
two-factor-regenerate-text = Создаёт десять новых кодов; старые перестают действовать.
two-factor-field-current-code = Текущий код из приложения
two-factor-field-or-password = Или ваш пароль
two-factor-regenerate-submit = Создать новые резервные коды
two-factor-disable-title = Выключить двухфакторный вход
two-factor-disable-text = Введите текущий код из приложения или ваш пароль.
two-factor-disable-submit = Выключить
two-factor-disable-failed = Чтобы выключить двухфакторный вход, введите текущий код из приложения или ваш пароль.
two-factor-disabled = Двухфакторный вход выключен.
two-factor-required-cannot-disable = Платформа требует двухфакторный вход для вашей учётной записи, поэтому выключить его нельзя.
two-factor-step-title = Введите код для входа
two-factor-step-text = Для вашей учётной записи включён двухфакторный вход. Введите шестизначный код из приложения-аутентификатора.
two-factor-step-hint = Потеряли телефон? Введите вместо кода один из резервных кодов.
two-factor-field-code = Код
two-factor-step-submit = Войти
two-factor-step-cancel = Отменить и выйти
nav-two-factor = Двухфакторный вход

## lead: account page, two-factor panel
account-two-factor-intro = При каждом входе — не только пароль, но и код из приложения на телефоне.
account-two-factor-on = Включён с { $since }
account-two-factor-off = Выключен: при входе нужен только пароль.
account-two-factor-manage = Настроить двухфакторный вход

## import-read
import-err-too-large = Файл больше { $size }. Разделите его на несколько файлов и загрузите их по очереди.
import-err-too-many-rows = В файле больше { $limit } строк. Разделите его на несколько файлов и загрузите их по очереди.
import-err-empty = Файл пустой. Выберите CSV-файл со строкой заголовков и хотя бы одной строкой с пользователем.
import-err-no-rows = В файле есть строка заголовков, но под ней нет ни одного пользователя. Добавьте под заголовком по строке на каждого пользователя и загрузите файл снова.
import-err-not-text = Это не текстовый CSV-файл. В Excel выберите «Файл» → «Сохранить как» → «CSV UTF-8 (разделитель — запятая)» и загрузите этот файл.
import-err-no-known-columns = В первой строке файла нет ни одного известного столбца. Добавьте строку заголовков с названиями столбцов, например почта, телефон, имя, фамилия (или email, phone, first_name, last_name).
import-err-no-contact-column = В файле нет ни столбца почты, ни столбца телефона. Добавьте хотя бы один из них, чтобы можно было отправить приглашения.
import-err-duplicate-column = Столбец «{ $column }» встречается в строке заголовков дважды. Удалите или переименуйте один из них.
import-err-unknown-column = В строке заголовков есть неизвестный столбец «{ $column }». Переименуйте его в один из столбцов почта, телефон, имя, фамилия, тип, отдел, должность, роли или удалите его.
import-err-malformed = Строку { $line } файла не удаётся прочитать: в ней незакрытая кавычка или больше ячеек, чем в строке заголовков. Исправьте эту строку и загрузите файл снова.
import-err-unnamed-column = У столбца { $column } нет названия в строке заголовков, а в строке { $line } в нём есть значение. Назовите этот столбец в первой строке (или удалите столбец) и загрузите файл снова.
## import
nav-import = Импорт
import-title = Импорт пользователей из CSV-файла
import-intro = Загрузите CSV-файл: до сохранения вы увидите, что произойдёт с каждой строкой. Ничего не изменится, пока вы не подтвердите импорт.
import-problem-title = Не удалось прочитать файл
import-field-file = CSV-файл
import-file-hint = UTF-8 или Windows-1251, разделитель — запятая или точка с запятой, первая строка — заголовки. До { $size } и { $rows } строк.
import-field-kind = Тип новых пользователей
import-kind-hint = Для строк с пустым столбцом «тип».
import-send-hint = Новые пользователи и существующие пользователи со статусом «{ status-not-invited }» получат приглашение после подтверждения импорта. Действуют ваш дневной лимит приглашений и число мест организации.
import-upload = Загрузить и проверить
import-columns-title = Столбцы
import-columns-text = Первая строка называет столбцы; понимаются такие:
import-columns-any-order = В любом порядке и регистре; подходят и русские названия (почта, телефон, имя, фамилия, тип, отдел, должность, роли).
import-columns-roles = Несколько ролей разделяются знаком «|». Тип — «сотрудник» или «заказчик» (или employee / customer).
import-columns-update = Строка, чья почта (или телефон) принадлежит существующему пользователю, обновляет его; пустые ячейки оставляют данные карточки как есть.
import-columns-export = Выгрузка таблицы пользователей содержит ровно эти столбцы:
import-export-link = скачать пользователей в CSV
import-recent-title = Последние импорты
import-col-file = Файл
import-col-uploaded = Загружен
import-col-rows = Строк
import-status-review = Ждёт проверки
import-status-committing = Идёт импорт
import-status-done = Завершён
import-status-stopped = Остановлен
import-review-title = Проверка импорта
import-review-heading = Импорт файла { $file }
import-uploaded-at = Загружен { $time }
import-summary-title = Что сделает этот файл
import-review-intro = Пока ничего не сохранено. Проверьте строки ниже и подтвердите импорт.
import-problems-title = Строки, которые не будут импортированы
import-download-rejected = Скачать строки с ошибками (CSV)
import-create-departments = Создать недостающие отделы ({ $count })
import-will-invite = Приглашения получат новые пользователи и существующие пользователи со статусом «{ status-not-invited }».
import-will-not-invite = Приглашения отправлены не будут.
import-demand = { $count ->
    [one] Этот импорт отправит { $count } приглашение.
    [few] Этот импорт отправит { $count } приглашения.
   *[many] Этот импорт отправит { $count } приглашений.
}
import-demand-departments = Если создать недостающие отделы: { $count }.
import-daily-left = { $count ->
    [one] Сегодня вы можете отправить ещё { $count } приглашение.
    [few] Сегодня вы можете отправить ещё { $count } приглашения.
   *[many] Сегодня вы можете отправить ещё { $count } приглашений.
}
import-seats-left = { $count ->
    [one] В организации осталось { $count } свободное место.
    [few] В организации осталось { $count } свободных места.
   *[many] В организации осталось { $count } свободных мест.
}
import-held = Импорты, которые ещё записываются, уже заняли { $count } из того, что оставалось.
import-without-email = { $count ->
    [1] У { $count } строки нет адреса почты: приглашения отправляются только по почте, поэтому пользователь будет сохранён без приглашения и отмечен ошибкой.
    [one] У { $count } строки нет адреса почты: приглашения отправляются только по почте, поэтому пользователи будут сохранены без приглашения и отмечены ошибкой.
    [few] У { $count } строк нет адреса почты: приглашения отправляются только по почте, поэтому пользователи будут сохранены без приглашения и отмечены ошибкой.
   *[many] У { $count } строк нет адреса почты: приглашения отправляются только по почте, поэтому пользователи будут сохранены без приглашения и отмечены ошибкой.
}
import-over-limit = Это больше, чем осталось: при подтверждении ничего не будет импортировано. Загрузите файл покороче или загрузите его снова без «Отправить приглашение».
import-over-limit-departments = Если создать недостающие отделы, приглашений будет больше, чем осталось: подтверждение с ними ничего не импортирует.
import-refused-daily = Ничего не импортировано: приглашений в файле ({ $asked }) больше, чем вы ещё можете отправить сегодня ({ $remaining }). Загрузите файл покороче, загрузите его снова без «Отправить приглашение» или повторите завтра.
import-refused-seats = Ничего не импортировано: приглашений в файле ({ $asked }) больше, чем свободных мест в организации ({ $remaining }). Загрузите файл покороче или загрузите его снова без «Отправить приглашение».
import-commit = Импортировать строк: { $count }
import-commit-invite = Импортировать строк: { $count }, отправить приглашений: { $invitations }
import-start-over = Загрузить другой файл
import-another = Импортировать другой файл
import-progress-title = Ход импорта
import-invitations-title = Приглашения
import-state-review = Ждёт вашего подтверждения.
import-state-stopped = Импорт остановлен: обработано строк — { $done } из { $total }. Продолжить его не удалось (организацию отключили, или строки не удалось записать). Остальные строки не импортированы: загрузите файл ещё раз — уже импортированные строки будут показаны без изменений.
import-state-running = Импортировано строк: { $done } из { $total }.
import-state-sending = Строки импортированы. Отправка приглашений: { $handled } из { $total }.
import-state-done = Готово: сохранено пользователей — { $written }, отклонено строк — { $refused }.
import-state-done-invited = Готово: сохранено пользователей — { $written }, приглашено — { $invitations }, отклонено строк — { $refused }.
import-rows-title = Строки
import-filter-label = Отбор строк по результату
import-outcome-all = Все
import-outcome-new = Новый пользователь
import-outcome-update = Изменение
import-outcome-unchanged = Без изменений
import-outcome-error = Ошибка
import-no-rows = Здесь строк нет.
import-range = Строки { $range } из { $total }
import-col-line = Строка
import-col-contact = Почта / телефон
import-col-kind = Тип
import-col-department = Отдел
import-col-roles = Роли
import-col-outcome = Результат
import-row-invited = приглашение создано
import-error-column = ошибка
import-problem-malformed-email = Неверный адрес электронной почты.
import-problem-phone-no-country-code = В номере нет кода страны. Запишите его как 79051111111 или +7 905 111-11-11.
import-problem-malformed-phone = Неверный номер телефона.
import-problem-no-name = Новому пользователю нужно имя или фамилия.
import-problem-no-contact = В строке нет ни почты, ни телефона.
import-problem-unknown-kind = Неизвестный тип: укажите «сотрудник» или «заказчик» (или employee / customer).
import-problem-unknown-department = Такого отдела нет (отметьте «Создать недостающие отделы», чтобы добавить его).
import-problem-unknown-role = Такой роли нет.
import-problem-duplicate-in-file = Та же почта или телефон уже встречались в строке выше.
import-problem-contact-conflict = Почта принадлежит одному пользователю, а телефон — другому.
import-problem-seat-limit = Не осталось мест для ещё одного приглашения.
import-problem-daily-limit = Ваш дневной лимит приглашений исчерпан.
import-problem-too-long = Слишком длинная ячейка (имя, должность и отдел — до 100 символов, почта — до 254).
audit-import-committed = Импорт подтверждён
audit-import-finished = Импорт завершён
## users-export
users-export = Экспорт в CSV
users-export-hint = Скачать всех пользователей, подходящих под текущие фильтры, в столбцах импорта.
audit-users-exported = Пользователи выгружены в CSV

## help

nav-help = Справка
help-title = Справка
help-intro = Invitely приводит людей в организацию по приглашению. Здесь описано, как это устроено для приглашённых и для администраторов, которые их приглашают.
help-invited-title = Вас пригласили
help-invited-text = Откройте ссылку из письма или SMS с приглашением. Если адрес в Invitely новый, задайте пароль; если у него уже есть учётная запись, войдите с её паролем. После этого вы окажетесь в организации с ролями и отделом, которые указаны в приглашении.
help-expired-text = Ссылка срабатывает один раз и только до времени, указанного в сообщении. Если срок истёк или ссылку заменили новой, попросите пригласившего отправить приглашение ещё раз.
help-access-title = Что вам доступно
help-access-text = Что вы можете открыть в организации, зависит от ролей, которые вам выдал администратор. Участник без роли видит только главную страницу, эту справку и страницу учётной записи, пока администратор не выдаст ему роль.
help-orgs-title = Несколько организаций
help-orgs-text = Если вы состоите в нескольких организациях, выберите «Сменить организацию» вверху страницы. Чтобы покинуть организацию, откройте «Учётная запись» и выберите «Покинуть» рядом с ней: вас дважды переспросят и точно скажут, что вы теряете.
help-account-title = Ваша учётная запись
help-account-text = На странице учётной записи вы меняете язык и пароль, включаете двухфакторный вход и видите свои организации.
help-forgot-text = Забыли пароль? На странице входа выберите «Забыли пароль?» и откройте ссылку, присланную на почту или телефон.
help-admins-title = Администраторам
help-admins-text = Приглашайте людей по одному из карточки пользователя, отметив их в таблице пользователей, вставив список на странице «Пригласить» или при импорте CSV-файла. Каждый администратор может отправить ограниченное число приглашений за 24 часа (повторные отправки тоже считаются), а у организации ограничено число мест.
help-statuses-text = В таблице пользователей видно, где находится каждый: не приглашён, ожидает отправки (сообщение в очереди), приглашён (сообщение отправлено), ошибка (доставить не удалось — причина указана) или активен (приглашение принято). На странице «Приглашения» собраны все приглашения: их можно отправить повторно или отозвать, и там видно, сколько ждут отправки.

## audit trail: what an event's details say
audit-details-labelled = { $label }: { $value }
audit-details-quoted = «{ $text }»
audit-details-empty = (пусто)
audit-details-on = включено
audit-details-off = выключено
audit-details-no-account = Нет учётной записи с такой почтой или телефоном
audit-details-sessions-ended = { $count ->
    [0] Других открытых сеансов не было
   *[other] Завершено сеансов: { $count }
}
audit-details-account = Учётная запись: { $name }
audit-details-contact-changed = Почта или телефон изменились: открытое приглашение отозвано
audit-details-invite-form = Добавлен на странице «Пригласить»
audit-details-deleted = { $name } (участников: { $members }, открытых приглашений: { $invitations })
audit-details-roles = Роли: { $before } → { $after }
audit-details-roles-none = нет
audit-details-limit = Запрошено: { $asked }, осталось: { $remaining }
audit-details-search = Поиск
audit-details-export-all = Все пользователи
audit-details-import-committed = Импорт { $import }: строк: { $rows }, файл «{ $file }»
audit-details-import-finished = Импорт { $import }: новых: { $created }, обновлено: { $updated }, без изменений: { $kept }, отклонено: { $refused }
audit-details-revoked = Отозвано открытых приглашений: { $count }
audit-via-login = На странице входа
audit-via-invitation = На странице приглашения
audit-via-account = На странице учётной записи, перед изменением
audit-via-two-factor-password = Перед отключением двухфакторного входа
audit-via-two-factor = Код второго фактора
audit-lost-admins-only = Пригласивший больше не может приглашать: теперь это могут только администраторы
audit-lost-account-disabled = Учётная запись пригласившего отключена
audit-lost-no-role = Пригласивший лишился последней роли
audit-lost-left-org = Пригласивший покинул организацию
audit-lost-removed-from-org = Пригласившего исключили из организации
audit-lost-role-taken = Пригласивший лишился роли, которую предлагает приглашение
org-seats-over = Занято мест: { $used } (активные участники и открытые приглашения) — больше нового лимита { $limit }: пригласить никого не получится, пока кто-то из участников не покинет организацию или лимит не увеличат. Доступ ни у кого не отнимается.
org-membership-ended = Вы больше не участник организации { $org }, поэтому её страницы вам недоступны.
invite-forgot-then = Задав новый пароль, откройте ссылку из приглашения ещё раз.
## Import review, error pages and tables (UI pass)
import-col-position = Должность

# Права администратора у участника (/admin/users/{id}/admin)
admin-status = Администратор
admin-rights-heading = Права администратора
admin-is-admin = Этот участник — администратор организации: он управляет её пользователями, приглашениями, ролями, отделами, настройками и журналом аудита.
admin-grant-hint = Администратор управляет пользователями организации, приглашениями, ролями, отделами, настройками и журналом аудита.
admin-grant-button = Сделать администратором
admin-take-button = Снять права администратора
admin-take-title = Снять права администратора — { $name }
admin-take-intro = { $name } остаётся участником { $org }, но больше не будет её администратором. Сразу и на всех устройствах:
admin-take-lose-pages = участник больше не сможет управлять пользователями, приглашениями, ролями, отделами, настройками и журналом аудита;
admin-take-keep-roles = роли остаются: { $roles };
admin-take-no-role = ролей у участника нет, поэтому доступ будет ограничен, пока ему не выдадут роль;
admin-take-invitations = отправленные участником открытые приглашения, которые мог отправить только администратор, отзываются.
admin-take-own = Это ваши собственные права: страницы администрирования закроются для вас сразу.
admin-take-confirm = Снять права администратора
admin-granted-done = { $name } теперь администратор организации.
admin-taken-done = { $name } больше не администратор организации.
admin-taken-revoked = { $count ->
    [1] Отозвано открытое приглашение участника.
   *[other] Отозвано открытых приглашений участника: { $count }.
}
admin-already-admin = { $name } уже администратор организации; ничего не изменилось.
admin-not-admin = { $name } не администратор организации; ничего не изменилось.
admin-not-member = { $name } не является активным участником организации, поэтому права администратора изменить нельзя. Сначала пригласите этого человека.
admin-last-admin = { $name } — единственный администратор организации и сохраняет права: у организации всегда есть хотя бы один администратор. Сначала сделайте администратором другого участника.
leave-choose-admin = Назначить администратора из участников
audit-member-admin-granted = Участник назначен администратором
audit-member-admin-revoked = Права администратора сняты
audit-lost-admin-rights-taken = С пригласившего сняты права администратора
org-admins-title = Администраторы
org-admins-none = У организации нет администратора и никто не приглашён им стать. Пригласите его ниже.
org-admins-col-name = Имя
org-admins-col-contact = Почта или телефон
org-admins-active = Активен
org-admins-invited-until = Приглашён, до { $expires }
org-admin-invite-label = Пригласить администратора
org-admin-invite-hint = Адрес почты. Человек получит приглашение администратором, как и первый; уже приглашённому придёт новая ссылка, а активный участник сразу станет администратором.
org-admin-invite-button = Пригласить администратора
org-admin-invited = { $recipient } приглашён(а) администратором организации { $org }.
org-admin-made = { $name } уже был(а) участником { $org } и теперь её администратор.
org-admin-already = { $name } уже администратор { $org }; ничего не изменилось.
org-admin-disabled = Организация отключена, поэтому её приглашения нельзя принять. Сначала включите её.
revoke-many-none-open = Ни одно из отмеченных приглашений уже не действует: ничего не отозвано.
import-err-not-utf8 = { $count ->
    [1] Строка { $lines } файла записана не в UTF-8, хотя остальной файл — в UTF-8: вероятно, её сохранили в другой кодировке, например Windows-1251, и вставили в файл. Наберите эту строку заново
   *[other] Строки { $lines }{ $more ->
        [0] {""}
       *[other] {" "}(и ещё { $more })
    } файла записаны не в UTF-8, хотя остальной файл — в UTF-8: вероятно, их сохранили в другой кодировке, например Windows-1251, и вставили в файл. Наберите эти строки заново
} (или сохраните весь файл как «CSV UTF-8 (разделитель — запятая)») и загрузите файл снова.
size-bytes = { $n ->
    [one] { $value } байт
    [few] { $value } байта
   *[other] { $value } байт
}
size-kb = { $value } КБ
size-mb = { $value } МБ
invitations-of-batch = Только приглашения рассылки, начатой { $time }.
invitations-of-batch-clear = Показать все приглашения
err-language = Выберите английский или русский язык.
role-delete-cards = { $count ->
    [one] { $count } карточка человека, не состоящего в организации, лишится этой роли.
    [few] { $count } карточки людей, не состоящих в организации, лишатся этой роли.
   *[many] { $count } карточек людей, не состоящих в организации, лишатся этой роли.
}
role-delete-withdrawn = { $count ->
    [1] Открытое приглашение будет отозвано: у отправившего его нет других ролей, и приглашать он больше не сможет.
    [one] { $count } открытое приглашение будет отозвано: у отправивших их нет других ролей, и приглашать они больше не смогут.
    [few] { $count } открытых приглашения будут отозваны: у отправивших их нет других ролей, и приглашать они больше не смогут.
   *[many] { $count } открытых приглашений будут отозваны: у отправивших их нет других ролей, и приглашать они больше не смогут.
}
role-deleted-withdrawn = { $count ->
    [1] Роль «{ $name }» удалена. Отозвано открытое приглашение: у отправившего его нет других ролей.
    [one] Роль «{ $name }» удалена. Отозвано { $count } открытое приглашение: у отправивших их нет других ролей.
    [few] Роль «{ $name }» удалена. Отозваны { $count } открытых приглашения: у отправивших их нет других ролей.
   *[many] Роль «{ $name }» удалена. Отозвано { $count } открытых приглашений: у отправивших их нет других ролей.
}
department-delete-cards = { $count ->
    [one] { $count } карточка человека, не состоящего в организации, останется без отдела.
    [few] { $count } карточки людей, не состоящих в организации, останутся без отдела.
   *[many] { $count } карточек людей, не состоящих в организации, останутся без отдела.
}
invite-preview-to = Кому
invite-preview-email-to = Письмо на { $to }
invite-preview-sms-to = SMS на номер { $to }
invite-preview-sms = Текст SMS
invite-preview-sms-short = SMS короткое: в нём ссылка (и срок её действия, если помещается), без личного сообщения.
invite-preview-accounts = Показано для первого получателя, которому форма отправит приглашение. Тот, у кого уже есть учётная запись, получит сообщение на языке своей учётной записи, и его попросят войти, а не задать пароль.
date-long = { $day } { $month } { $year } г.
date-time-long = { $day } { $month } { $year } г., { $time } UTC
month-1 = января
month-2 = февраля
month-3 = марта
month-4 = апреля
month-5 = мая
month-6 = июня
month-7 = июля
month-8 = августа
month-9 = сентября
month-10 = октября
month-11 = ноября
month-12 = декабря
account-password-same = Новый пароль совпадает с текущим. Выберите другой.
import-problem-unknown-department-done = Такого отдела нет: добавьте его на странице «Отделы» и загрузите эти строки снова.
error-405-title = Здесь так нельзя
error-405-text = Этот адрес не принимает такой запрос. Пользуйтесь ссылками и кнопками самой страницы.
error-csrf-link = Открыть форму снова
error-415-text = Этот адрес принимает только форму, как её отправляет страница (url-encoded или multipart/form-data). Отправьте её со страницы.
forgot-err-email-only = Ссылки отправляются только по электронной почте. Введите адрес почты, с которым вы входите.
forgot-intro-email-only = Введите адрес электронной почты вашей учётной записи. Мы отправим ссылку, чтобы задать новый пароль.
forgot-hint-email-only = Ссылки для смены пароля отправляются только по электронной почте.
admin-rights-title = Права администратора: { $name }
admin-none-to-take = { $name } не администратор организации: снимать нечего.
login-err-identifier-missing = Введите адрес почты или номер телефона, с которым вы входите.
login-err-password-missing = Введите пароль.
two-factor-codes-remade = Новые резервные коды готовы. Прежние больше не действуют.
two-factor-disable-password-wrong = Пароль неверный. Введите пароль, с которым вы входите, или текущий код из приложения.
invite-intro-email-only = Укажите до пяти человек по одному или вставьте длинный список адресов. Каждый получит личную ссылку по электронной почте.
invite-row-email = Почта { $count }
invite-mass-hint-email-only = Адреса через пробел, запятую, точку с запятой или с новой строки. Также «Имя <e@x.com>» и "Фамилия, Имя" <e@x.com>. Эта платформа отправляет приглашения только по электронной почте.
revoke-text-nameless = Приглашение для { $recipient } сразу перестанет действовать. Позже можно отправить новое.
message-language-org = Язык организации
problem-sms-setup = не отправлено из-за SMS-шлюза, а не из-за номера: шлюз ни разу не удалось достичь; оператору нужно проверить настройки SMS и отправить снова
problem-sms-setup-reply = не отправлено из-за SMS-шлюза, а не из-за номера: на каждую попытку он отвечал { $reply }; оператору нужно проверить шлюз и отправить снова
col-department-cards = Пользователи
login-reset-proved = Пароль задан, и ссылка подтвердила, что этот адрес почты ваш. Двухфакторный вход, настроенный в этой учётной записи раньше, выключен: его мог настроить тот, у кого была ссылка приглашения. Войдите с новым паролем и снова включите его в разделе «Учётная запись».
account-sessions-title = Где выполнен вход
account-sessions-count = { $count ->
    [1] Вы вошли только в этом браузере.
    [one] Вы вошли на { $count } устройстве, включая это.
   *[other] Вы вошли на { $count } устройствах, включая это.
}
account-sessions-end = Выйти на всех устройствах
login-out-here = Вы вышли из учётной записи.
login-out-everywhere = Вы вышли на всех устройствах. Войдите здесь снова, когда понадобится.
leave-already-left = Вы уже покинули эту организацию.
two-factor-unproven-intro = Двухфакторный вход можно будет настроить, когда подтвердится, что адрес { $email } ваш. Эта учётная запись создана по ссылке приглашения, которую пригласивший передал через свою почтовую программу, поэтому пока ничто не показывает, кто читает почту этого адреса.
two-factor-unproven-how = Мы отправим на этот адрес ссылку для задания пароля; если открыть её оттуда, адрес будет подтверждён. Затем вернитесь сюда.
two-factor-unproven-send = Отправить ссылку на { $email }
login-reset-confirmed = Пароль задан, и ссылка подтвердила, что этот адрес почты ваш. Войдите с новым паролем; теперь в разделе «Учётная запись» можно настроить двухфакторный вход.
import-nothing-to-do = Импорт этого файла ничего не изменит: все строки отклонены или уже совпадают с пользователями. Исправьте строки ниже в файле и загрузите его снова.
error-filter-text = Этот адрес просит у списка фильтр, которого в нём нет, — возможно, ссылка изменена или устарела. Поэтому ничего не показано — чтобы не показать лишнего.
error-filter-link = Показать весь список
audit-member-deleted = Пользователь удалён
audit-details-card-deleted = { $name } (вместе с ним удалено приглашений: { $invitations })
delete-card-button = Удалить пользователя
delete-card-title = Удалить { $name }?
delete-card-intro = Пользователь так и не стал участником организации: карточка удаляется насовсем вместе со всем, что перечислено ниже.
delete-card-contact = Карточка и её контакт: { $contact }
delete-card-invitations = Приглашения пользователя ({ $count }) вместе с их историей
delete-card-open = { $count ->
    [1] Ссылка открытого приглашения сразу перестанет работать; если оно ещё ждёт отправки, оно не будет отправлено.
   *[other] Ссылки открытых приглашений ({ $count }) сразу перестанут работать; те, что ещё ждут отправки, не будут отправлены.
}
delete-card-trail = В журнале останется запись, что вы удалили пользователя, с его именем.
delete-card-confirm = Удалить пользователя
delete-card-member = { $name } — участник организации: сначала исключите его из неё. Тогда карточка останется как запись организации о нём.
delete-card-done = Пользователь { $name } удалён.
delete-card-former = { $name } — бывший участник организации: карточка остаётся как запись организации о нём, пригласить можно снова.
